/**
 * @module testing/in-memory-calendar-gateway
 * The clinic's calendar in memory, faithful to what we rely on in Google Calendar: our event ids
 * are unique per calendar (a repeated create is not a second event), a cancelled event keeps its
 * id and is revived by a create, a create of an event held at other times moves it there, a move
 * of an event not held creates it, cancelling what is gone is done (see calendar-gateway.contract).
 * Failures can be injected.
 */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { type Interval, overlaps } from "../clinic/opening-hours.ts";
import { type CalendarError, DomainErrors } from "../errors/domain-error.ts";
import type { CalendarBusy, CalendarEvent, CalendarGateway } from "../ports/calendar-gateway.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { type Interleave, runImmediately } from "./interleave.ts";

export interface StoredEvent {
  readonly event: CalendarEvent;
  readonly status: "confirmed" | "cancelled";
}

export class InMemoryCalendarGateway implements CalendarGateway {
  private readonly linked = new Set<OrgId>();
  private readonly calendars = new Map<string, Map<string, StoredEvent>>();
  private readonly failures: CalendarError[] = [];
  /** How many calls of each kind reached the calendar. */
  readonly calls = { busyTimes: 0, createEvent: 0, moveEvent: 0, cancelEvent: 0 };
  private readonly interleave: Interleave;

  constructor(options: { interleave?: Interleave } = {}) {
    this.interleave = options.interleave ?? runImmediately;
  }

  link(orgId: OrgId): this {
    this.linked.add(orgId);
    return this;
  }

  /** The next `count` calls fail with `error`. */
  failNext(count: number, error: CalendarError = DomainErrors.calendarUnavailable()): this {
    for (let i = 0; i < count; i++) this.failures.push(error);
    return this;
  }

  /** Events of one calendar, cancelled ones included. */
  events(orgId: OrgId, calendarId: string): StoredEvent[] {
    return [...(this.calendars.get(key(orgId, calendarId))?.values() ?? [])];
  }

  /** One call for all the calendars (like Google's one freeBusy request): every id asked is a key. */
  busyTimes(orgId: OrgId, calendarIds: readonly string[], window: Interval): ResultAsync<CalendarBusy, CalendarError> {
    return this.call("busyTimes", orgId, () =>
      Object.fromEntries(
        calendarIds.map((calendarId) => [
          calendarId,
          this.events(orgId, calendarId)
            .filter((e) => e.status === "confirmed")
            .map((e) => ({ start: e.event.start, end: e.event.end }))
            .filter((i) => overlaps(i, window)),
        ]),
      ),
    );
  }

  createEvent(orgId: OrgId, event: CalendarEvent): ResultAsync<{ eventId: string }, CalendarError> {
    return this.call("createEvent", orgId, () => {
      this.put(orgId, event, "confirmed");
      return { eventId: event.eventId };
    });
  }

  moveEvent(orgId: OrgId, event: CalendarEvent): ResultAsync<{ eventId: string }, CalendarError> {
    return this.call("moveEvent", orgId, () => {
      this.put(orgId, event, "confirmed");
      return { eventId: event.eventId };
    });
  }

  cancelEvent(orgId: OrgId, calendarId: string, eventId: string): ResultAsync<void, CalendarError> {
    return this.call("cancelEvent", orgId, () => {
      const existing = this.calendar(orgId, calendarId).get(eventId);
      if (existing !== undefined) this.put(orgId, existing.event, "cancelled");
    });
  }

  private call<T>(
    kind: keyof InMemoryCalendarGateway["calls"],
    orgId: OrgId,
    fn: () => T,
  ): ResultAsync<T, CalendarError> {
    return ResultAsync.fromSafePromise(this.interleave(kind)).andThen(() => {
      this.calls[kind] += 1;
      if (!this.linked.has(orgId)) return errAsync(DomainErrors.calendarNotLinked());
      const failure = this.failures.shift();
      return failure === undefined ? okAsync(fn()) : errAsync(failure);
    });
  }

  private calendar(orgId: OrgId, calendarId: string): Map<string, StoredEvent> {
    const k = key(orgId, calendarId);
    const found = this.calendars.get(k) ?? new Map<string, StoredEvent>();
    this.calendars.set(k, found);
    return found;
  }

  private put(orgId: OrgId, event: CalendarEvent, status: StoredEvent["status"]): void {
    this.calendar(orgId, event.calendarId).set(event.eventId, { event, status });
  }
}

const key = (orgId: OrgId, calendarId: string) => `${orgId}\u0000${calendarId}`;
