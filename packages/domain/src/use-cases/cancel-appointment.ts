/**
 * @module use-cases/cancel-appointment
 * CancelAppointment: cancel one of the caller's future appointments and free its slot. Only the
 * appointment's contact may (M1: checked again by the store in the transaction that cancels); a
 * retry with the same key gets the first answer and changes nothing (A2).
 */
import { err, ok, okAsync, type ResultAsync, safeTry } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import type { Clinic } from "../clinic/clinic.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { parseCaller, type RawCaller } from "../contacts/caller.ts";
import { type DomainError, DomainErrors } from "../errors/domain-error.ts";
import type { ChangeOutcome } from "../ports/booking-store.port.ts";
import { speakInstant } from "../speech/clinic.ts";
import type { OrgId } from "../values/org-id.ts";
import type { RetryKey } from "../values/retry-key.ts";
import { type CalendarOutcome, syncInline } from "./calendar-sync.ts";
import type { BookingDeps } from "./deps.ts";

export interface CancelAppointmentCommand {
  readonly orgId: OrgId;
  readonly appointmentId: string;
  /** Who is asking: the caller ID and the phone and email they gave. */
  readonly caller: RawCaller;
  /** Vapi's tool-call id within its call (or a derived key with its window). */
  readonly idempotencyKey?: RetryKey | null | undefined;
}

export interface Cancellation extends CalendarOutcome {
  readonly appointment: Appointment;
  /** True when it was already cancelled: nothing changed. */
  readonly alreadyCancelled: boolean;
  /** True when this is a retry of a call that cancelled it: the first answer, nothing changed. */
  readonly replayed: boolean;
  readonly message: string;
}

export function cancelAppointment(
  deps: BookingDeps,
  command: CancelAppointmentCommand,
): ResultAsync<Cancellation, DomainError> {
  return safeTry(async function* () {
    const settings = yield* deps.clinics.getClinic(command.orgId);
    const caller = yield* parseCaller(command.caller, settings.region);
    const key = command.idempotencyKey ?? null;
    const now = yield* deps.clock.now();
    const earlier = key === null ? null : yield* deps.store.replayChange(settings.orgId, "cancel", key.key);
    if (earlier !== null) return ok(yield* answer(deps, settings, now, earlier));
    const found = yield* deps.store.getForCaller(settings.orgId, command.appointmentId, caller);
    if (found.status === "cancelled") return ok(alreadyCancelled(settings, now, found));
    if (found.startsAt.getTime() <= now.getTime()) return err(DomainErrors.appointmentInPast());
    const outcome = yield* deps.store.cancelForCaller({
      orgId: settings.orgId,
      appointmentId: found.id,
      caller,
      idempotencyKey: key?.key ?? null,
      idempotencyWindowSeconds: key?.windowSeconds ?? null,
    });
    return ok(yield* answer(deps, settings, now, outcome));
  });
}

/** The answer to a cancellation (or to its retry: the same words, the calendar looked at again). */
function answer(
  deps: BookingDeps,
  settings: Clinic,
  now: Date,
  outcome: ChangeOutcome,
): ResultAsync<Cancellation, never> {
  if (outcome.alreadyCancelled) return okAsync(alreadyCancelled(settings, now, outcome.current));
  const spoken = speakInstant(settings, now, outcome.appointment.startsAt);
  return syncInline(deps, settings, outcome.current, null).map((calendar) => ({
    appointment: outcome.appointment,
    alreadyCancelled: false,
    replayed: outcome.replayed,
    ...calendar,
    message: `Your appointment on ${spoken} is cancelled.`,
  }));
}

/** Cancelling twice changes nothing and says so; the calendar is as the first cancellation left it. */
function alreadyCancelled(settings: ClinicSettings, now: Date, appointment: Appointment): Cancellation {
  const spoken = speakInstant(settings, now, appointment.startsAt);
  return {
    appointment,
    alreadyCancelled: true,
    replayed: false,
    calendarSynced: appointment.calendarSync === "synced",
    calendarEventId: appointment.calendarEventId,
    calendarError: null,
    message: `Your appointment on ${spoken} was already cancelled.`,
  };
}
