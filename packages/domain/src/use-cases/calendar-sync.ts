/**
 * @module use-cases/calendar-sync
 * Making the clinic's calendar show an appointment as it is now (created, moved or cancelled),
 * and the inline sync a tool call tries under a short budget. The store already holds the change
 * and its sync job, so a failure here loses nothing: the appointment stays `pending` and the
 * outbox worker converges the calendar later (`syncCalendarJob`). The answer says whether the
 * calendar is already in step.
 */
import { okAsync, type ResultAsync } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import { calendarEventFor } from "../appointments/calendar-event.ts";
import type { Clinic } from "../clinic/clinic.ts";
import type { Contact } from "../contacts/contact.ts";
import type { CalendarError, ErrorCode } from "../errors/domain-error.ts";
import type { CalendarGateway } from "../ports/calendar-gateway.port.ts";
import { type BookingDeps, DEFAULT_CALENDAR_BUDGET_MS } from "./deps.ts";

export interface CalendarOutcome {
  readonly calendarSynced: boolean;
  readonly calendarEventId: string | null;
  /** Why the inline sync did not happen or failed (`CALENDAR_NOT_LINKED`, …), for logs. */
  readonly calendarError: ErrorCode | null;
}

const unsynced = (calendarError: ErrorCode | null): CalendarOutcome => ({
  calendarSynced: false,
  calendarEventId: null,
  calendarError,
});

/** Where the calendar now shows an appointment: its event, in which calendar. */
export interface WrittenEvent {
  readonly eventId: string;
  readonly calendarId: string;
}

/**
 * Writes the appointment's current state to its practitioner's calendar: creates the event (id
 * derived from the appointment id, so a retry never makes a second), moves it, or cancels it
 * (where it was written). An appointment moved to another calendar (another practitioner's) has
 * its event deleted from the old calendar first, then created on the new one: both steps are
 * idempotent, so a retry after a failure between them ends with one event, on the new calendar.
 */
export function writeToCalendar(
  calendar: CalendarGateway,
  clinic: Clinic,
  appointment: Appointment,
  contact: Pick<Contact, "phone" | "email"> | null,
  budgetMs: number,
): ResultAsync<WrittenEvent, CalendarError> {
  const options = { budgetMs };
  const event = calendarEventFor(clinic, appointment, contact);
  const written = (r: { eventId: string }): WrittenEvent => ({ eventId: r.eventId, calendarId: event.calendarId });
  const previous = appointment.calendarEventCalendarId;
  if (appointment.status === "cancelled") {
    const where = previous ?? event.calendarId;
    return calendar
      .cancelEvent(clinic.orgId, where, event.eventId, options)
      .map(() => ({ eventId: event.eventId, calendarId: where }));
  }
  if (appointment.calendarEventId === null) return calendar.createEvent(clinic.orgId, event, options).map(written);
  if (previous !== null && previous !== event.calendarId) {
    return calendar
      .cancelEvent(clinic.orgId, previous, event.eventId, options)
      .andThen(() => calendar.createEvent(clinic.orgId, event, options))
      .map(written);
  }
  return calendar.moveEvent(clinic.orgId, event, options).map(written);
}

/** Tries the calendar inline after a change; whatever happens, the answer is a `CalendarOutcome`. */
export function syncInline(
  deps: BookingDeps,
  settings: Clinic,
  appointment: Appointment,
  contact: Pick<Contact, "phone" | "email"> | null,
): ResultAsync<CalendarOutcome, never> {
  if (appointment.calendarSync === "synced") {
    return okAsync({ calendarSynced: true, calendarEventId: appointment.calendarEventId, calendarError: null });
  }
  if (deps.calendar === undefined) return okAsync(unsynced(null));
  const budgetMs = deps.calendarBudgetMs ?? DEFAULT_CALENDAR_BUDGET_MS;
  return writeToCalendar(deps.calendar, settings, appointment, contact, budgetMs)
    .andThen((w) =>
      deps.store.markCalendarSynced(settings.orgId, appointment.id, appointment.version, w.eventId, w.calendarId),
    )
    .map(
      (a): CalendarOutcome => ({
        calendarSynced: a.calendarSync === "synced",
        calendarEventId: a.calendarEventId,
        calendarError: null,
      }),
    )
    .orElse((e) => okAsync(unsynced(e.code)));
}
