/**
 * @module use-cases/reschedule-appointment
 * RescheduleAppointment: move a future appointment to a new time in one atomic store operation
 * (the old slot is freed and the new one taken together, or nothing changes).
 */
import { errAsync, type ResultAsync } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import { type DomainError, DomainErrors } from "../errors/domain-error.ts";
import { inZone, speakDateTime } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import { refuse } from "./busy.ts";
import { type CalendarOutcome, syncInline } from "./calendar-sync.ts";
import type { BookingDeps } from "./deps.ts";
import { judgeRequestedSlot } from "./requested-slot.ts";

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
  return deps.clinics.getClinic(command.orgId).andThen((settings) =>
    deps.clock.now().andThen((now) =>
      deps.store.getAppointment(settings.orgId, command.appointmentId).andThen((current) => {
        if (current.status === "cancelled") return errAsync(DomainErrors.appointmentCancelled());
        if (current.startsAt.getTime() <= now.getTime()) return errAsync(DomainErrors.appointmentInPast());
        const own = { start: current.startsAt, end: current.blocksUntil };
        const durationMinutes =
          command.durationMinutes ?? (current.endsAt.getTime() - current.startsAt.getTime()) / 60_000;
        return judgeRequestedSlot(settings, now, { ...command, durationMinutes }).asyncAndThen((judged) => {
          if (judged.isErr()) return refuse(deps, settings, now, judged.error, own);
          const { slot, note } = judged.value;
          return deps.store
            .reschedule({
              orgId: settings.orgId,
              appointmentId: current.id,
              startsAt: slot.start,
              endsAt: slot.end,
              blocksUntil: slot.blocksUntil,
            })
            .orElse((e) =>
              e.code === "SLOT_UNAVAILABLE"
                ? refuse(
                    deps,
                    settings,
                    now,
                    { near: slot.start, durationMinutes, error: DomainErrors.slotUnavailable },
                    own,
                  )
                : errAsync(e),
            )
            .andThen((moved) =>
              syncInline(deps, settings, moved, null).map((calendar) => {
                const spokenTime = speakDateTime(inZone(moved.startsAt, settings.zone));
                return {
                  appointment: moved,
                  ...calendar,
                  spokenTime,
                  message: `Done: your appointment is now ${spokenTime}.${note === null ? "" : ` ${note}`}`,
                };
              }),
            );
        });
      }),
    ),
  );
}
