/** @module use-cases/cancel-appointment  CancelAppointment: cancel a future appointment and free its slot. */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import { type DomainError, DomainErrors } from "../errors/domain-error.ts";
import { inZone, speakDateTime } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import { type CalendarOutcome, syncInline } from "./calendar-sync.ts";
import type { BookingDeps } from "./deps.ts";

export interface CancelAppointmentCommand {
  readonly orgId: OrgId;
  readonly appointmentId: string;
}

export interface Cancellation extends CalendarOutcome {
  readonly appointment: Appointment;
  /** True when it was already cancelled: nothing changed. */
  readonly alreadyCancelled: boolean;
  readonly message: string;
}

export function cancelAppointment(
  deps: BookingDeps,
  command: CancelAppointmentCommand,
): ResultAsync<Cancellation, DomainError> {
  return deps.clinics.getClinic(command.orgId).andThen((settings) =>
    deps.clock.now().andThen((now) =>
      deps.store.getAppointment(settings.orgId, command.appointmentId).andThen((found) => {
        const spoken = speakDateTime(inZone(found.startsAt, settings.zone));
        if (found.status === "cancelled") {
          return okAsync({
            appointment: found,
            alreadyCancelled: true,
            calendarSynced: found.calendarSync === "synced",
            calendarEventId: found.calendarEventId,
            calendarError: null,
            message: `Your appointment on ${spoken} was already cancelled.`,
          });
        }
        if (found.startsAt.getTime() <= now.getTime()) return errAsync(DomainErrors.appointmentInPast());
        return deps.store.cancel(settings.orgId, found.id).andThen((cancelled) =>
          syncInline(deps, settings, cancelled, null).map((calendar) => ({
            appointment: cancelled,
            alreadyCancelled: false,
            ...calendar,
            message: `Your appointment on ${spoken} is cancelled.`,
          })),
        );
      }),
    ),
  );
}
