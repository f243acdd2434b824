/**
 * @module appointments/calendar-event
 * What a receptionist sees in the practitioner's calendar for an appointment: the service and the
 * patient's name in the title (the caller's own words for a clinic with only its default
 * service), who they see and contact details in the description, nothing secret.
 */
import { type Clinic, DEFAULT_SERVICE_NAME } from "../clinic/clinic.ts";
import type { Contact } from "../contacts/contact.ts";
import type { CalendarEvent } from "../ports/calendar-gateway.port.ts";
import type { Appointment } from "./appointment.ts";
import { describeBooking } from "./booking-words.ts";
import { calendarEventIdFor } from "./calendar-event-id.ts";

export function calendarEventFor(
  clinic: Clinic,
  appointment: Appointment,
  contact: Pick<Contact, "phone" | "email"> | null,
): CalendarEvent {
  const words = describeBooking(clinic, appointment);
  const named = words.service.name === DEFAULT_SERVICE_NAME ? null : capitalise(words.service.name);
  const service = named ?? appointment.serviceType ?? "Appointment";
  const patient = appointment.patientName ?? "patient";
  const lines = [
    `${service} for ${patient}`,
    words.withWhom === "" ? null : `With ${words.practitioner.name}`,
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
    zone: clinic.zone,
    summary: `${service}: ${patient}`,
    description: lines.filter((l) => l !== null).join("\n"),
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
