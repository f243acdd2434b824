/**
 * @module use-cases/calendar-sync
 * Inline calendar sync under a short budget. The store already holds the change and its sync
 * job, so a failure here loses nothing: the appointment stays `pending` and the outbox worker
 * converges the calendar later. The answer says whether the calendar is already in step.
 */
import { okAsync, type ResultAsync } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import { calendarEventFor } from "../appointments/calendar-event.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { Contact } from "../contacts/contact.ts";
import type { ErrorCode } from "../errors/domain-error.ts";
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

/** Makes the calendar show `appointment` as it is now (created, moved or cancelled). */
export function syncInline(
  deps: BookingDeps,
  settings: ClinicSettings,
  appointment: Appointment,
  contact: Pick<Contact, "phone" | "email"> | null,
): ResultAsync<CalendarOutcome, never> {
  if (appointment.calendarSync === "synced") {
    return okAsync({ calendarSynced: true, calendarEventId: appointment.calendarEventId, calendarError: null });
  }
  const calendar = deps.calendar;
  if (calendar === undefined) return okAsync(unsynced(null));
  const options = { budgetMs: deps.calendarBudgetMs ?? DEFAULT_CALENDAR_BUDGET_MS };
  const event = calendarEventFor(settings, appointment, contact);
  const written =
    appointment.status === "cancelled"
      ? calendar.cancelEvent(settings.orgId, event.calendarId, event.eventId, options).map(() => event.eventId)
      : appointment.calendarEventId === null
        ? calendar.createEvent(settings.orgId, event, options).map((r) => r.eventId)
        : calendar.moveEvent(settings.orgId, event, options).map((r) => r.eventId);
  return written
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
