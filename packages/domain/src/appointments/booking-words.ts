/**
 * @module appointments/booking-words
 * Who and what an appointment is for, as the caller hears it: "a check-up with Dr Patel on …".
 * A clinic that never set up its staff (the default practitioner and service only) hears nothing
 * extra, exactly as before practitioners existed.
 */
import type { Clinic } from "../clinic/clinic.ts";
import { DEFAULT_PRACTITIONER_NAME, DEFAULT_SERVICE_NAME } from "../clinic/clinic.ts";
import type { Practitioner } from "../clinic/practitioner.ts";
import type { Service } from "../clinic/service.ts";
import type { Appointment } from "./appointment.ts";

export interface BookingWords {
  readonly practitioner: Practitioner;
  readonly service: Service;
  /** "a check-up with Dr Patel on " or "" (default staff): put before the spoken time. */
  readonly withWhom: string;
}

/** The appointment's practitioner and service (a stand-in named as the defaults if the clinic no longer lists them). */
export function describeBooking(clinic: Clinic, a: Appointment): BookingWords {
  const practitioner = clinic.staff.practitioners.find((p) => p.id === a.practitionerId) ?? {
    id: a.practitionerId,
    orgId: clinic.orgId,
    name: DEFAULT_PRACTITIONER_NAME,
    active: false,
    calendarId: a.calendarId,
    openingHours: null,
  };
  const service = clinic.staff.services.find((s) => s.id === a.serviceId) ?? {
    id: a.serviceId,
    orgId: clinic.orgId,
    name: DEFAULT_SERVICE_NAME,
    synonyms: [],
    durationMinutes: (a.endsAt.getTime() - a.startsAt.getTime()) / 60_000,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: null,
    minNoticeMinutes: null,
    practitionerIds: [a.practitionerId],
    active: false,
  };
  const plain = practitioner.name === DEFAULT_PRACTITIONER_NAME && service.name === DEFAULT_SERVICE_NAME;
  const withWhom = plain ? "" : `${article(service.name)} ${service.name} with ${practitioner.name} on `;
  return { practitioner, service, withWhom };
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");
