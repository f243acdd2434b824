/**
 * @module use-cases/find-appointments
 * FindAppointments: the caller's upcoming appointments (M1). By the caller ID when they give no
 * other number; from another number (or a withheld one) by the phone AND email on file. Details
 * that prove nobody, or that find nothing, get one answer (`CALLER_NOT_VERIFIED`), whether or not
 * such a person exists.
 */
import { err, ok, type ResultAsync, safeTry } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import { describeBooking } from "../appointments/booking-words.ts";
import { lookupProof, parseCaller, type RawCaller } from "../contacts/caller.ts";
import { type DomainError, DomainErrors } from "../errors/domain-error.ts";
import { speakInstant } from "../speech/clinic.ts";
import type { OrgId } from "../values/org-id.ts";
import type { BookingDeps } from "./deps.ts";

export interface FindAppointmentsQuery {
  readonly orgId: OrgId;
  /** Who is asking: the caller ID and the phone and email they gave. */
  readonly caller: RawCaller;
}

export interface UpcomingAppointment {
  readonly appointment: Appointment;
  readonly spokenTime: string;
  /** Who with (the name as a caller says it) and what for. */
  readonly practitioner: string;
  readonly service: string;
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
    const proof = lookupProof(yield* parseCaller(query.caller, settings.region));
    if (proof === null) return err(DomainErrors.callerNotVerified("find"));
    const now = yield* deps.clock.now();
    const found = yield* deps.store.findUpcoming(settings.orgId, proof, now);
    // By phone and email, finding nothing must sound like details that match nobody.
    const byCallerId = (proof.callerId ?? null) !== null;
    if (!byCallerId && found.length === 0) return err(DomainErrors.callerNotVerified("find"));
    const appointments = found.map((appointment) => {
      const words = describeBooking(settings, appointment);
      return {
        appointment,
        spokenTime: speakInstant(settings, now, appointment.startsAt),
        practitioner: words.practitioner.name,
        service: words.service.name,
        withWhom: words.withWhom,
      };
    });
    return ok({ appointments: appointments.map(({ withWhom: _, ...a }) => a), message: describe(appointments) });
  });
}

function describe(found: readonly (UpcomingAppointment & { readonly withWhom: string })[]): string {
  if (found.length === 0) return "I couldn't find any upcoming appointments for the number you're calling from.";
  const times = found.map((f) =>
    f.withWhom === ""
      ? `${f.appointment.serviceType ?? "an appointment"} on ${f.spokenTime}`
      : `${f.withWhom}${f.spokenTime}`,
  );
  if (times.length === 1) return `You have one upcoming appointment: ${times[0]}.`;
  return `You have ${times.length} upcoming appointments: ${times.slice(0, -1).join(", ")} and ${times.at(-1)}.`;
}
