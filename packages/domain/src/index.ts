/**
 * @module @voxanne/domain
 * The pure booking core: values, clinic settings, ContactResolution, availability, the use cases
 * and the ports they need. Imports nothing but neverthrow, luxon and libphonenumber-js.
 */
export * from "./appointments/appointment.ts";
export * from "./appointments/calendar-event.ts";
export * from "./appointments/calendar-event-id.ts";
export * from "./availability/slots.ts";
export * from "./clinic/clinic-settings.ts";
export * from "./clinic/opening-hours.ts";
export * from "./contacts/caller.ts";
export * from "./contacts/contact.ts";
export * from "./contacts/contact-details.ts";
export * from "./contacts/contact-resolution.ts";
export * from "./errors/domain-error.ts";
export type * from "./ports/booking-store.port.ts";
export type * from "./ports/calendar-connect.port.ts";
export type * from "./ports/calendar-gateway.port.ts";
export type * from "./ports/clinic-directory.port.ts";
export type * from "./ports/clock.port.ts";
export type * from "./ports/connect-attempts.port.ts";
export type * from "./ports/id-generator.port.ts";
export type * from "./ports/integration-store.port.ts";
export type * from "./ports/schema-status.port.ts";
export type * from "./ports/sync-outbox.port.ts";
export type * from "./ports/tenant-directory.port.ts";
export * from "./speech/index.ts";
export * from "./use-cases/book-appointment.ts";
export * from "./use-cases/calendar-sync.ts";
export * from "./use-cases/cancel-appointment.ts";
export * from "./use-cases/check-availability.ts";
export * from "./use-cases/deps.ts";
export * from "./use-cases/describe-clinic-for-call.ts";
export * from "./use-cases/find-appointments.ts";
export * from "./use-cases/link-calendar.ts";
export * from "./use-cases/next-steps.ts";
export * from "./use-cases/onboard-clinic.ts";
export * from "./use-cases/readiness.ts";
export * from "./use-cases/requested-date.ts";
export * from "./use-cases/requested-slot.ts";
export * from "./use-cases/reschedule-appointment.ts";
export * from "./use-cases/resolve-contact.ts";
export * from "./use-cases/sync-calendar-job.ts";
export * from "./values/clinic-time.ts";
export * from "./values/email.ts";
export * from "./values/org-id.ts";
export * from "./values/phone-number.ts";
export * from "./values/retry-key.ts";
export * from "./values/text-limits.ts";
