/**
 * @module testing/emulator-calendars
 * The emulator's Calendar API state: each account's calendars (`primary` always exists, and the
 * calendars every account is given, e.g. one per practitioner) and their
 * events, kept the way Google keeps them: client-supplied base32hex ids, 409 on a repeated id
 * (a cancelled event included), delete marks `cancelled` (again → 410), get returns cancelled
 * events, freeBusy reports confirmed events clipped to the window and per-calendar errors in a 200.
 */

export interface EventResource {
  readonly kind: "calendar#event";
  readonly id: string;
  readonly status: "confirmed" | "tentative" | "cancelled";
  readonly summary?: string;
  readonly description?: string;
  readonly start: { readonly dateTime: string; readonly timeZone?: string };
  readonly end: { readonly dateTime: string; readonly timeZone?: string };
  readonly sequence: number;
  readonly updated: string;
}

/** An answer: HTTP status and JSON body (none for 204). */
export interface Answer {
  readonly status: number;
  readonly body?: unknown;
}

const EVENT_ID = /^[a-v0-9]{5,1024}$/;

/** Google's error body. */
export function googleError(status: number, reason: string, message = reason): Answer {
  return {
    status,
    body: { error: { code: status, message, errors: [{ domain: "global", reason, message }], status: reason } },
  };
}

export class EmulatorCalendars {
  private readonly calendars = new Map<string, Map<string, EventResource>>();
  private readonly freeBusyErrors = new Map<string, readonly { domain: string; reason: string }[]>();
  private readonly everyAccountHas: ReadonlySet<string>;

  /** `everyAccountHas`: calendar ids each account has besides `primary` (created on first use). */
  constructor(everyAccountHas: readonly string[] = []) {
    this.everyAccountHas = new Set(["primary", ...everyAccountHas]);
  }

  addCalendar(account: string, calendarId: string): void {
    if (!this.calendars.has(key(account, calendarId))) this.calendars.set(key(account, calendarId), new Map());
  }

  /** Events of one calendar, cancelled ones included. */
  events(account: string, calendarId: string): EventResource[] {
    return [...(this.calendar(account, calendarId)?.values() ?? [])];
  }

  /** Every event of every account's calendars, cancelled ones included. */
  allEvents(): EventResource[] {
    return [...this.calendars.values()].flatMap((events) => [...events.values()]);
  }

  /** freeBusy reports these errors for the calendar (inside a 200), or stops when `null`. */
  setFreeBusyErrors(account: string, calendarId: string, errors: readonly { domain: string; reason: string }[] | null) {
    if (errors === null) this.freeBusyErrors.delete(key(account, calendarId));
    else this.freeBusyErrors.set(key(account, calendarId), errors);
  }

  insert(account: string, calendarId: string, body: Partial<EventResource>): Answer {
    const events = this.calendar(account, calendarId);
    if (events === undefined) return googleError(404, "notFound", "Not Found");
    if (body.id !== undefined && !EVENT_ID.test(body.id))
      return googleError(400, "invalid", "Invalid resource id value.");
    if (!isTime(body.start) || !isTime(body.end)) return googleError(400, "required", "Missing end time.");
    const id = body.id ?? `e${Math.random().toString(32).slice(2)}00000`;
    if (events.has(id)) return googleError(409, "duplicate", "The requested identifier already exists.");
    const fields = body as Omit<EventResource, "kind" | "id" | "sequence" | "updated">;
    const event = stamp({ ...fields, kind: "calendar#event", id, status: body.status ?? "confirmed", sequence: 0 });
    events.set(id, event);
    return { status: 200, body: event };
  }

  get(account: string, calendarId: string, eventId: string): Answer {
    const found = this.calendar(account, calendarId)?.get(eventId);
    return found === undefined ? googleError(404, "notFound", "Not Found") : { status: 200, body: found };
  }

  patch(account: string, calendarId: string, eventId: string, body: Partial<EventResource>): Answer {
    const events = this.calendar(account, calendarId);
    const found = events?.get(eventId);
    if (events === undefined || found === undefined) return googleError(404, "notFound", "Not Found");
    const event = stamp({ ...found, ...body, id: eventId, kind: "calendar#event", sequence: found.sequence + 1 });
    events.set(eventId, event);
    return { status: 200, body: event };
  }

  delete(account: string, calendarId: string, eventId: string): Answer {
    const events = this.calendar(account, calendarId);
    const found = events?.get(eventId);
    if (events === undefined || found === undefined) return googleError(404, "notFound", "Not Found");
    if (found.status === "cancelled") return googleError(410, "deleted", "Resource has been deleted");
    events.set(eventId, stamp({ ...found, status: "cancelled" }));
    return { status: 204 };
  }

  freeBusy(account: string, body: { timeMin?: string; timeMax?: string; items?: { id?: string }[] }): Answer {
    const timeMin = Date.parse(body.timeMin ?? "");
    const timeMax = Date.parse(body.timeMax ?? "");
    if (Number.isNaN(timeMin) || Number.isNaN(timeMax)) return googleError(400, "invalid", "Bad Request");
    const calendars: Record<string, unknown> = {};
    for (const { id = "" } of body.items ?? []) {
      const errors = this.freeBusyErrors.get(key(account, id));
      const events = this.calendar(account, id);
      if (errors !== undefined || events === undefined) {
        calendars[id] = { errors: errors ?? [{ domain: "global", reason: "notFound" }], busy: [] };
        continue;
      }
      calendars[id] = { busy: busyIn([...events.values()], timeMin, timeMax) };
    }
    return {
      status: 200,
      body: { kind: "calendar#freeBusy", timeMin: body.timeMin, timeMax: body.timeMax, calendars },
    };
  }

  private calendar(account: string, calendarId: string): Map<string, EventResource> | undefined {
    if (this.everyAccountHas.has(calendarId)) this.addCalendar(account, calendarId);
    return this.calendars.get(key(account, calendarId));
  }
}

function busyIn(events: readonly EventResource[], timeMin: number, timeMax: number) {
  return events
    .filter((e) => e.status !== "cancelled")
    .map((e) => ({ start: Date.parse(e.start.dateTime), end: Date.parse(e.end.dateTime) }))
    .filter((b) => b.start < timeMax && b.end > timeMin)
    .sort((a, b) => a.start - b.start)
    .map((b) => ({
      start: new Date(Math.max(b.start, timeMin)).toISOString(),
      end: new Date(Math.min(b.end, timeMax)).toISOString(),
    }));
}

function isTime(at: unknown): boolean {
  return typeof at === "object" && at !== null && "dateTime" in at && !Number.isNaN(Date.parse(String(at.dateTime)));
}

function stamp(event: Omit<EventResource, "updated">): EventResource {
  return { ...event, updated: new Date().toISOString() };
}

const key = (account: string, calendarId: string) => `${account}\u0000${calendarId}`;
