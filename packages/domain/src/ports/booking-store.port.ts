/**
 * @module ports/booking-store.port
 * Where contacts and appointments live. Every write is one atomic operation (in Postgres, one
 * SQL function call: one round trip, one transaction), so the invariants hold under any
 * concurrency: C1–C4 for contacts, A1 (no overlap of live appointments, buffer included) and A2
 * (one booking per idempotency key) for appointments.
 */
import type { ResultAsync } from "neverthrow";
import type { Appointment, BookingReceipt } from "../appointments/appointment.ts";
import type { Interval } from "../clinic/opening-hours.ts";
import type { Contact, ContactDetails, ContactPath } from "../contacts/contact.ts";
import type {
  AppointmentCancelled,
  AppointmentNotFound,
  SlotUnavailable,
  StoreUnavailable,
  UnknownOrg,
} from "../errors/domain-error.ts";
import type { Email } from "../values/email.ts";
import type { OrgId } from "../values/org-id.ts";
import type { PhoneNumber } from "../values/phone-number.ts";

export interface BookCommand {
  readonly orgId: OrgId;
  /** Chosen by the caller of the store (IdGenerator), so the calendar event id is known up front. */
  readonly appointmentId: string;
  /** The tool-call id; `null` books without replay protection. */
  readonly idempotencyKey: string | null;
  readonly contact: ContactDetails;
  readonly calendarId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly blocksUntil: Date;
  readonly serviceType: string | null;
}

export interface BookOutcome {
  readonly receipt: BookingReceipt;
  /** True when the idempotency key was already used: `receipt` is the first answer, unchanged. */
  readonly replayed: boolean;
}

export interface RescheduleCommand {
  readonly orgId: OrgId;
  readonly appointmentId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly blocksUntil: Date;
}

export interface ContactLookup {
  readonly phone: PhoneNumber | null;
  readonly email: Email | null;
}

export type BookError = SlotUnavailable | UnknownOrg | StoreUnavailable;
export type ChangeError = AppointmentNotFound | AppointmentCancelled | SlotUnavailable | StoreUnavailable;

export interface BookingStore {
  /**
   * Atomically: replay the answer recorded for `idempotencyKey` if any; otherwise resolve the
   * contact (ContactResolution), insert the appointment (refused with `SLOT_UNAVAILABLE` when a
   * live appointment of the same calendar overlaps `[startsAt, blocksUntil)`), record the key and
   * its answer, and enqueue the calendar sync.
   */
  book(command: BookCommand): ResultAsync<BookOutcome, BookError>;

  /** The answer recorded for an idempotency key, or `null` when the key was never used. */
  replay(orgId: OrgId, idempotencyKey: string): ResultAsync<BookingReceipt | null, StoreUnavailable>;

  /** Atomically finds or creates the contact for these details (ContactResolution). */
  resolveContact(
    orgId: OrgId,
    details: ContactDetails,
  ): ResultAsync<{ contact: Contact; path: ContactPath }, StoreUnavailable>;

  /** One contact of this org, or `null` (also for another org's contact id). */
  getContact(orgId: OrgId, contactId: string): ResultAsync<Contact | null, StoreUnavailable>;

  /** Atomically moves a live appointment; the overlap rule excludes the appointment itself. */
  reschedule(command: RescheduleCommand): ResultAsync<Appointment, ChangeError>;

  /** Marks an appointment cancelled (cancelling a cancelled one returns it unchanged). */
  cancel(orgId: OrgId, appointmentId: string): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable>;

  /** One appointment of this org, or `APPOINTMENT_NOT_FOUND` (also for another org's id). */
  getAppointment(orgId: OrgId, appointmentId: string): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable>;

  /** `[startsAt, blocksUntil)` of the live appointments of a calendar that overlap the window. */
  busyIntervals(orgId: OrgId, calendarId: string, window: Interval): ResultAsync<Interval[], StoreUnavailable>;

  /** Live appointments starting at or after `from` whose contact has this phone or this email. */
  findUpcoming(orgId: OrgId, who: ContactLookup, from: Date): ResultAsync<Appointment[], StoreUnavailable>;

  /** Records that the calendar reflects `version` of the appointment; a stale version changes nothing. */
  markCalendarSynced(
    orgId: OrgId,
    appointmentId: string,
    version: number,
    eventId: string,
  ): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable>;
}
