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
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
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

/**
 * Writes the appointment's current state to the calendar: creates the event (id derived from
 * the appointment id, so a retry never makes a second), moves it, or cancels it. Answers the event id.
 */
export function writeToCalendar(
  calendar: CalendarGateway,
  settings: ClinicSettings,
  appointment: Appointment,
  contact: Pick<Contact, "phone" | "email"> | null,
  budgetMs: number,
): ResultAsync<string, CalendarError> {
  const options = { budgetMs };
  const event = calendarEventFor(settings, appointment, contact);
  if (appointment.status === "cancelled") {
    return calendar.cancelEvent(settings.orgId, event.calendarId, event.eventId, options).map(() => event.eventId);
  }
  const written =
    appointment.calendarEventId === null
      ? calendar.createEvent(settings.orgId, event, options)
      : calendar.moveEvent(settings.orgId, event, options);
  return written.map((r) => r.eventId);
}

/** Tries the calendar inline after a change; whatever happens, the answer is a `CalendarOutcome`. */
export function syncInline(
  deps: BookingDeps,
  settings: ClinicSettings,
  appointment: Appointment,
  contact: Pick<Contact, "phone" | "email"> | null,
): ResultAsync<CalendarOutcome, never> {
  if (appointment.calendarSync === "synced") {
    return okAsync({ calendarSynced: true, calendarEventId: appointment.calendarEventId, calendarError: null });
  }
  if (deps.calendar === undefined) return okAsync(unsynced(null));
  const budgetMs = deps.calendarBudgetMs ?? DEFAULT_CALENDAR_BUDGET_MS;
  return writeToCalendar(deps.calendar, settings, appointment, contact, budgetMs)
    .andThen((eventId) => deps.store.markCalendarSynced(settings.orgId, appointment.id, appointment.version, eventId))
    .map(
      (a): CalendarOutcome => ({
        calendarSynced: a.calendarSync === "synced",
        calendarEventId: a.calendarEventId,
        calendarError: null,
      }),
    )
    .orElse((e) => okAsync(unsynced(e.code)));
}
