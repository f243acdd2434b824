/**
 * @module appointments/calendar-event-id
 * Google event ids must be base32hex (`a-v`, `0-9`), 5–1024 long. A UUID without dashes is
 * lower-case hex, a subset, so the event id of an appointment is fixed by its id: a retried
 * create can never make a second event.
 */
export function calendarEventIdFor(appointmentId: string): string {
  return appointmentId.replaceAll("-", "").toLowerCase();
}
