/** @module use-cases/cancel-appointment  CancelAppointment: cancel a future appointment and free its slot. */
import { err, ok, type ResultAsync, safeTry } from "neverthrow";
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
  return safeTry(async function* () {
    const settings = yield* deps.clinics.getClinic(command.orgId);
    const now = yield* deps.clock.now();
    const found = yield* deps.store.getAppointment(settings.orgId, command.appointmentId);
    const spoken = speakDateTime(inZone(found.startsAt, settings.zone));
    if (found.status === "cancelled") return ok(alreadyCancelled(found, spoken));
    if (found.startsAt.getTime() <= now.getTime()) return err(DomainErrors.appointmentInPast());
    const cancelled = yield* deps.store.cancel(settings.orgId, found.id);
    const calendar = yield* syncInline(deps, settings, cancelled, null);
    return ok({
      appointment: cancelled,
      alreadyCancelled: false,
      ...calendar,
      message: `Your appointment on ${spoken} is cancelled.`,
    });
  });
}

/** Cancelling twice changes nothing and says so; the calendar is as the first cancellation left it. */
function alreadyCancelled(appointment: Appointment, spoken: string): Cancellation {
  return {
    appointment,
    alreadyCancelled: true,
    calendarSynced: appointment.calendarSync === "synced",
    calendarEventId: appointment.calendarEventId,
    calendarError: null,
    message: `Your appointment on ${spoken} was already cancelled.`,
  };
}
