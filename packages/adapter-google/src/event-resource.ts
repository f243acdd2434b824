/**
 * @module event-resource
 * Our `CalendarEvent` as a Google Calendar event resource, and the reverse questions we ask of a
 * resource Google returns. Start and end go out as `{ dateTime, timeZone }` with the clinic's IANA
 * zone; the instant is written in UTC (RFC 3339), so no offset is ever computed here.
 */
import type { calendar_v3 } from "@googleapis/calendar";
import type { CalendarEvent } from "@voxanne/domain";

/** The body of `events.insert`: our id, times, title and description. */
export function insertBody(event: CalendarEvent): calendar_v3.Schema$Event {
  return { id: event.eventId, ...patchBody(event) };
}

/** The body of `events.patch` that makes the event confirmed at the event's times (revives a cancelled one). */
export function patchBody(event: CalendarEvent): calendar_v3.Schema$Event {
  return {
    status: "confirmed",
    summary: event.summary,
    description: event.description,
    start: { dateTime: event.start.toISOString(), timeZone: event.zone },
    end: { dateTime: event.end.toISOString(), timeZone: event.zone },
  };
}

/** Whether Google's copy is live and at the event's times (nothing to patch). */
export function isLiveAt(found: calendar_v3.Schema$Event, event: CalendarEvent): boolean {
  return (
    found.status !== "cancelled" &&
    instant(found.start) === event.start.getTime() &&
    instant(found.end) === event.end.getTime()
  );
}

function instant(at: calendar_v3.Schema$EventDateTime | undefined): number {
  return Date.parse(at?.dateTime ?? "");
}
