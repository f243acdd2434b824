/**
 * @module appointment-ics
 * The appointment as an iCalendar file (the `ics` library, not hand-written iCalendar): one event
 * in UTC with a stable UID, its SEQUENCE the appointment's version, METHOD REQUEST, or CANCEL with
 * STATUS CANCELLED once the appointment is cancelled, so a calendar app updates its copy.
 */
import type { MessageEvent } from "@voxanne/domain";
import { createEvent, type DateArray } from "ics";

const utcArray = (d: Date): DateArray => [
  d.getUTCFullYear(),
  d.getUTCMonth() + 1,
  d.getUTCDate(),
  d.getUTCHours(),
  d.getUTCMinutes(),
];

/** The ICS text, or the library's error. */
export function appointmentIcs(event: MessageEvent): { readonly ics: string } | { readonly error: string } {
  const made = createEvent({
    uid: event.uid,
    title: event.title,
    start: utcArray(event.start),
    startInputType: "utc",
    startOutputType: "utc",
    end: utcArray(event.end),
    endInputType: "utc",
    endOutputType: "utc",
    status: event.cancelled ? "CANCELLED" : "CONFIRMED",
    method: event.cancelled ? "CANCEL" : "REQUEST",
    sequence: event.sequence,
    productId: "voxanne/booking-core",
    ...(event.location === null ? {} : { location: event.location }),
  });
  return made.value === null || made.error !== null ? { error: String(made.error) } : { ics: made.value };
}
