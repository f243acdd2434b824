/**
 * @module use-cases/reschedule-appointment
 * RescheduleAppointment: move a future appointment to a new time in one atomic store operation
 * (the old slot is freed and the new one taken together, or nothing changes).
 */
import { err, errAsync, ok, type Result, type ResultAsync, safeTry } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import { type DomainError, DomainErrors } from "../errors/domain-error.ts";
import { inZone, speakDateTime } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import { refuseWithAlternatives } from "./busy.ts";
import { type CalendarOutcome, syncInline } from "./calendar-sync.ts";
import type { BookingDeps } from "./deps.ts";
import { judgeRequestedSlot, slotTaken } from "./requested-slot.ts";

export interface RescheduleAppointmentCommand {
  readonly orgId: OrgId;
  readonly appointmentId: string;
  readonly date: string;
  readonly time: string;
  /** Default: the appointment's current length. */
  readonly durationMinutes?: number | undefined;
}

export interface Rescheduling extends CalendarOutcome {
  readonly appointment: Appointment;
  readonly spokenTime: string;
  readonly message: string;
}

export function rescheduleAppointment(
  deps: BookingDeps,
  command: RescheduleAppointmentCommand,
): ResultAsync<Rescheduling, DomainError> {
  return safeTry(async function* () {
    const settings = yield* deps.clinics.getClinic(command.orgId);
    const now = yield* deps.clock.now();
    const found = yield* deps.store.getAppointment(settings.orgId, command.appointmentId);
    const current = yield* movable(found, now);
    // Its own time does not block the move (half an hour later overlaps the old slot).
    const own = { start: current.startsAt, end: current.blocksUntil };
    const durationMinutes = command.durationMinutes ?? lengthInMinutes(current);
    const judged = yield* judgeRequestedSlot(settings, now, { ...command, durationMinutes });
    if (judged.isErr()) return yield* refuseWithAlternatives(deps, settings, now, judged.error, own);
    const { slot, note } = judged.value;
    const moved = yield* deps.store
      .reschedule({
        orgId: settings.orgId,
        appointmentId: current.id,
        startsAt: slot.start,
        endsAt: slot.end,
        blocksUntil: slot.blocksUntil,
      })
      .orElse((e) =>
        e.code === "SLOT_UNAVAILABLE"
          ? refuseWithAlternatives(deps, settings, now, slotTaken(slot, durationMinutes), own)
          : errAsync(e),
      );
    const calendar = yield* syncInline(deps, settings, moved, null);
    const spokenTime = speakDateTime(inZone(moved.startsAt, settings.zone));
    return ok({
      appointment: moved,
      ...calendar,
      spokenTime,
      message: `Done: your appointment is now ${spokenTime}.${note === null ? "" : ` ${note}`}`,
    });
  });
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
