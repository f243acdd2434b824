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
import { describeBooking } from "../appointments/booking-words.ts";
import type { Clinic } from "../clinic/clinic.ts";
import type { Practitioner } from "../clinic/practitioner.ts";
import type { Service } from "../clinic/service.ts";
import { matchPractitioner } from "../clinic/staff-matching.ts";
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
import { placementFor, refuseTaken } from "./placement.ts";
import { judgeRequestedSlot, noteAt } from "./requested-slot.ts";
import { type ServiceScope, scopeOf } from "./service-scope.ts";

export interface RescheduleAppointmentCommand {
  readonly orgId: OrgId;
  readonly appointmentId: string;
  readonly date: string;
  readonly time: string;
  /** Default: the appointment's current length (a different one only where the clinic allows it). */
  readonly durationMinutes?: number | undefined;
  /** Absent: the appointment keeps its practitioner; "anyone": whoever offering its service is free; or a name. */
  readonly practitioner?: string | null | undefined;
  /** Who is asking: the caller ID and the phone and email they gave. */
  readonly caller: RawCaller;
  /** Vapi's tool-call id within its call (or a derived key with its window). */
  readonly idempotencyKey?: RetryKey | null | undefined;
}

export interface Rescheduling extends CalendarOutcome {
  /** The appointment as moved; for a replay of a move changed since, as it is now. */
  readonly appointment: Appointment;
  /** Who the patient will see (as a caller says the name) and what for, as the appointment is now. */
  readonly practitioner: Practitioner;
  readonly service: Service;
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
    const clinic = yield* deps.clinics.getClinic(command.orgId);
    const caller = yield* parseCaller(command.caller, clinic.region);
    const key = command.idempotencyKey ?? null;
    const now = yield* deps.clock.now();
    const earlier = key === null ? null : yield* deps.store.replayChange(clinic.orgId, "reschedule", key.key);
    if (earlier !== null) return ok(yield* answer(deps, clinic, now, earlier));
    const found = yield* deps.store.getForCaller(clinic.orgId, command.appointmentId, caller);
    const current = yield* movable(found, now);
    const scope = yield* moveScope(clinic, current, command.practitioner);
    // Its own time does not block the move (half an hour later overlaps the old slot).
    const own = {
      practitionerId: current.practitionerId,
      interval: { start: current.blocksFrom, end: current.blocksUntil },
    };
    const override = clinic.staff.policy.allowDurationOverride ? command.durationMinutes : undefined;
    const durationMinutes = override ?? lengthInMinutes(current);
    const judged = yield* judgeRequestedSlot(
      scope.rules,
      now,
      { ...command, durationMinutes },
      scope.service.bufferBeforeMinutes,
    );
    if (judged.isErr()) return yield* refuseWithAlternatives(deps, scope, now, judged.error, own);
    const placement = placementFor(scope, judged.value.date, judged.value.slot);
    const refuse = () => refuseTaken(deps, scope, now, judged.value, own);
    if (placement.candidates.length === 0) return yield* refuse();
    const outcome = yield* deps.store
      .rescheduleForCaller({
        ...placement,
        orgId: clinic.orgId,
        appointmentId: current.id,
        caller,
        idempotencyKey: key?.key ?? null,
        idempotencyWindowSeconds: key?.windowSeconds ?? null,
        settingsVersion: clinic.settingsVersion ?? null,
      })
      .orElse((e) => (e.code === "SLOT_UNAVAILABLE" ? refuse() : errAsync(e)));
    return ok(yield* answer(deps, clinic, now, outcome));
  });
}

/** Who may take the moved appointment: its practitioner unless the caller asked for another or "anyone". */
function moveScope(
  clinic: Clinic,
  current: Appointment,
  asked: string | null | undefined,
): Result<ServiceScope, DomainError> {
  const { practitioner, service } = describeBooking(clinic, current);
  if (asked === undefined || asked === null || asked.trim() === "") return ok(scopeOf(clinic, service, practitioner));
  const who = matchPractitioner(clinic.staff, service, asked);
  if (who.kind === "unknown") return err(DomainErrors.unknownPractitioner(who.asked, who.offered));
  return ok(scopeOf(clinic, service, who.kind === "named" ? who.practitioner : null));
}

/**
 * The answer to a move, from the appointment as it is now: the first answer when nothing changed
 * since (so a retry hears the same words), its new time when it was moved again, a refusal when
 * it was cancelled since.
 */
function answer(
  deps: BookingDeps,
  clinic: Clinic,
  now: Date,
  { appointment, current, replayed }: ChangeOutcome,
): ResultAsync<Rescheduling, DomainError> {
  const spoken = (a: Appointment) => speakInstant(clinic, now, a.startsAt);
  if (current.status === "cancelled") return errAsync(DomainErrors.cancelledSince(spoken(appointment)));
  const unchanged = current.version === appointment.version;
  const spokenTime = spoken(current);
  const note = noteAt(current.startsAt, voiceOf(clinic, now));
  const { withWhom, practitioner, service } = describeBooking(clinic, current);
  const message = unchanged
    ? `Done: your appointment is now ${withWhom}${spokenTime}.${note === null ? "" : ` ${note}`}`
    : `That appointment was moved again since: it is now ${spokenTime}.`;
  return syncInline(deps, clinic, current, null).map((calendar) => ({
    appointment: unchanged ? appointment : current,
    practitioner,
    service,
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
