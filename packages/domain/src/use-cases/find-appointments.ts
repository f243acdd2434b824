/** @module use-cases/find-appointments  FindAppointments: a caller's upcoming appointments, by phone or email. */
import { ok, type ResultAsync, safeTry } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import { parseContactDetails, type RawContactDetails } from "../contacts/contact-details.ts";
import type { DomainError } from "../errors/domain-error.ts";
import { inZone, speakDateTime } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import type { BookingDeps } from "./deps.ts";

export interface FindAppointmentsQuery {
  readonly orgId: OrgId;
  readonly phone?: string | null | undefined;
  readonly email?: string | null | undefined;
}

export interface UpcomingAppointment {
  readonly appointment: Appointment;
  readonly spokenTime: string;
}

export interface FoundAppointments {
  readonly appointments: UpcomingAppointment[];
  readonly message: string;
}

export function findAppointments(
  deps: BookingDeps,
  query: FindAppointmentsQuery,
): ResultAsync<FoundAppointments, DomainError> {
  return safeTry(async function* () {
    const settings = yield* deps.clinics.getClinic(query.orgId);
    const who = yield* parseContactDetails(query satisfies RawContactDetails, settings.region);
    const now = yield* deps.clock.now();
    const found = yield* deps.store.findUpcoming(settings.orgId, { phone: who.phone, email: who.email }, now);
    const appointments = found.map((appointment) => ({
      appointment,
      spokenTime: speakDateTime(inZone(appointment.startsAt, settings.zone)),
    }));
    return ok({ appointments, message: describe(appointments) });
  });
}

function describe(found: readonly UpcomingAppointment[]): string {
  if (found.length === 0) return "I couldn't find any upcoming appointments for those details.";
  const times = found.map((f) => `${f.appointment.serviceType ?? "an appointment"} on ${f.spokenTime}`);
  if (times.length === 1) return `You have one upcoming appointment: ${times[0]}.`;
  return `You have ${times.length} upcoming appointments: ${times.slice(0, -1).join(", ")} and ${times.at(-1)}.`;
}
