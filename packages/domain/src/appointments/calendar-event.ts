/**
 * @module appointments/calendar-event
 * What a receptionist sees in the clinic's calendar for an appointment: the service and the
 * patient's name in the title, contact details in the description, nothing secret.
 */
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { Contact } from "../contacts/contact.ts";
import type { CalendarEvent } from "../ports/calendar-gateway.port.ts";
import type { Appointment } from "./appointment.ts";
import { calendarEventIdFor } from "./calendar-event-id.ts";

export function calendarEventFor(
  settings: ClinicSettings,
  appointment: Appointment,
  contact: Pick<Contact, "phone" | "email"> | null,
): CalendarEvent {
  const service = appointment.serviceType ?? "Appointment";
  const patient = appointment.patientName ?? "patient";
  const lines = [
    `${service} for ${patient}`,
    contact?.phone ? `Phone: ${contact.phone}` : null,
    contact?.email ? `Email: ${contact.email}` : null,
    "Booked by the Voxanne phone assistant.",
    `Reference: ${appointment.id}`,
  ];
  return {
    eventId: appointment.calendarEventId ?? calendarEventIdFor(appointment.id),
    calendarId: appointment.calendarId,
    start: appointment.startsAt,
    end: appointment.endsAt,
    zone: settings.zone,
    summary: `${service}: ${patient}`,
    description: lines.filter((l) => l !== null).join("\n"),
  };
}
