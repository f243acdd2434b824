/**
 * @module use-cases/reschedule-appointment
 * RescheduleAppointment: move one of the caller's future appointments to a new time in one atomic
 * store operation (the old slot is freed and the new one taken together, or nothing changes).
 * Only the appointment's contact may (M1: checked again by the store in that transaction). A retry
 * with the same key changes nothing (A2): it never undoes a later move; it is answered from the
 * appointment as it is now (moved again or cancelled since: it says so).
 */
import { err, errAsync, ok, type Result, type ResultAsync, safeTry } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { parseCaller, type RawCaller } from "../contacts/caller.ts";
import { type DomainError, DomainErrors } from "../errors/domain-error.ts";
import type { ChangeOutcome } from "../ports/booking-store.port.ts";
import { speakInstant } from "../speech/clinic.ts";
import { voiceOf } from "../speech/locale.ts";
import type { OrgId } from "../values/org-id.ts";
import type { RetryKey } from "../values/retry-key.ts";
import { refuseWithAlternatives } from "./busy.ts";
import { type CalendarOutcome, syncInline } from "./calendar-sync.ts";
import type { BookingDeps } from "./deps.ts";
import { judgeRequestedSlot, noteAt, slotTaken } from "./requested-slot.ts";

export interface RescheduleAppointmentCommand {
  readonly orgId: OrgId;
  readonly appointmentId: string;
  readonly date: string;
  readonly time: string;
  /** Default: the appointment's current length. */
  readonly durationMinutes?: number | undefined;
  /** Who is asking: the caller ID and the phone and email they gave. */
  readonly caller: RawCaller;
  /** Vapi's tool-call id within its call (or a derived key with its window). */
  readonly idempotencyKey?: RetryKey | null | undefined;
}

export interface Rescheduling extends CalendarOutcome {
  /** The appointment as moved; for a replay of a move changed since, as it is now. */
  readonly appointment: Appointment;
  readonly spokenTime: string;
  /** True when this is a retry of a call that moved it: nothing changed. */
  readonly replayed: boolean;
  readonly message: string;
}

export function rescheduleAppointment(
  deps: BookingDeps,
  command: RescheduleAppointmentCommand,
): ResultAsync<Rescheduling, DomainError> {
  return safeTry(async function* () {
    const settings = yield* deps.clinics.getClinic(command.orgId);
    const caller = yield* parseCaller(command.caller, settings.region);
    const key = command.idempotencyKey ?? null;
    const now = yield* deps.clock.now();
    const earlier = key === null ? null : yield* deps.store.replayChange(settings.orgId, "reschedule", key.key);
    if (earlier !== null) return ok(yield* answer(deps, settings, now, earlier));
    const found = yield* deps.store.getForCaller(settings.orgId, command.appointmentId, caller);
    const current = yield* movable(found, now);
    // Its own time does not block the move (half an hour later overlaps the old slot).
    const own = { start: current.startsAt, end: current.blocksUntil };
    const durationMinutes = command.durationMinutes ?? lengthInMinutes(current);
    const judged = yield* judgeRequestedSlot(settings, now, { ...command, durationMinutes });
    if (judged.isErr()) return yield* refuseWithAlternatives(deps, settings, now, judged.error, own);
    const { slot } = judged.value;
    const outcome = yield* deps.store
      .rescheduleForCaller({
        orgId: settings.orgId,
        appointmentId: current.id,
        caller,
        idempotencyKey: key?.key ?? null,
        idempotencyWindowSeconds: key?.windowSeconds ?? null,
        startsAt: slot.start,
        endsAt: slot.end,
        blocksUntil: slot.blocksUntil,
      })
      .orElse((e) =>
        e.code === "SLOT_UNAVAILABLE"
          ? refuseWithAlternatives(deps, settings, now, slotTaken(slot, durationMinutes), own)
          : errAsync(e),
      );
    return ok(yield* answer(deps, settings, now, outcome));
  });
}

/**
 * The answer to a move, from the appointment as it is now: the first answer when nothing changed
 * since (so a retry hears the same words), its new time when it was moved again, a refusal when
 * it was cancelled since.
 */
function answer(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  { appointment, current, replayed }: ChangeOutcome,
): ResultAsync<Rescheduling, DomainError> {
  const spoken = (a: Appointment) => speakInstant(settings, now, a.startsAt);
  if (current.status === "cancelled") return errAsync(DomainErrors.cancelledSince(spoken(appointment)));
  const unchanged = current.version === appointment.version;
  const spokenTime = spoken(current);
  const note = noteAt(current.startsAt, voiceOf(settings, now));
  const message = unchanged
    ? `Done: your appointment is now ${spokenTime}.${note === null ? "" : ` ${note}`}`
    : `That appointment was moved again since: it is now ${spokenTime}.`;
  return syncInline(deps, settings, current, null).map((calendar) => ({
    appointment: unchanged ? appointment : current,
    ...calendar,
    spokenTime,
    replayed,
    message,
  }));
}

/** Only a live appointment that has not started yet can move. */
function movable(appointment: Appointment, now: Date): Result<Appointment, DomainError> {
  if (appointment.status === "cancelled") return err(DomainErrors.appointmentCancelled());
  if (appointment.startsAt.getTime() <= now.getTime()) return err(DomainErrors.appointmentInPast());
  return ok(appointment);
}

function lengthInMinutes(appointment: Appointment): number {
  return (appointment.endsAt.getTime() - appointment.startsAt.getTime()) / 60_000;
}
