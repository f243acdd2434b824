/**
 * @module ports/calendar-gateway.port
 * The clinic's external calendar (Google Calendar in production). Events carry an id chosen by
 * us (derived from the appointment id), so every operation is safe to retry.
 */
import type { ResultAsync } from "neverthrow";
import type { Interval } from "../clinic/opening-hours.ts";
import type { CalendarError } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

export interface CalendarEvent {
  /** base32hex id chosen by the caller: see `calendarEventIdFor`. */
  readonly eventId: string;
  readonly calendarId: string;
  readonly start: Date;
  readonly end: Date;
  /** The clinic's IANA zone, sent with start and end. */
  readonly zone: string;
  readonly summary: string;
  readonly description: string;
}

/** Busy intervals per calendar id. */
export type CalendarBusy = Readonly<Record<string, readonly Interval[]>>;

export interface CallOptions {
  /** How long the caller can wait in total, retries included (a voice turn cannot wait long). */
  readonly budgetMs?: number;
}

export interface CalendarGateway {
  /**
   * Busy intervals inside the window of each calendar asked for (one request: Google's freeBusy
   * takes them all), keyed by calendar id; every id asked for is a key. A calendar the provider
   * cannot read (not found, no access) fails the whole call (`CALENDAR_UNAVAILABLE`).
   */
  busyTimes(
    orgId: OrgId,
    calendarIds: readonly string[],
    window: Interval,
    options?: CallOptions,
  ): ResultAsync<CalendarBusy, CalendarError>;

  /** Creates the event; an event that already exists with this id counts as created (and is revived if cancelled). */
  createEvent(
    orgId: OrgId,
    event: CalendarEvent,
    options?: CallOptions,
  ): ResultAsync<{ eventId: string }, CalendarError>;

  /** Moves the event to a new start and end. */
  moveEvent(orgId: OrgId, event: CalendarEvent, options?: CallOptions): ResultAsync<{ eventId: string }, CalendarError>;

  /** Cancels the event; an event already gone counts as cancelled. */
  cancelEvent(
    orgId: OrgId,
    calendarId: string,
    eventId: string,
    options?: CallOptions,
  ): ResultAsync<void, CalendarError>;
}
