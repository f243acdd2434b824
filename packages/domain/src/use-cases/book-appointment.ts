/**
 * @module use-cases/book-appointment
 * BookAppointment: validate what the caller said, judge the slot in the clinic's zone, book it in
 * one atomic store operation (contact, appointment, idempotency key and calendar job together),
 * then try the calendar inline. A retried call with the same idempotency key gets the first answer.
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { Contact, ContactDetails, ContactPath } from "../contacts/contact.ts";
import { parseContactDetails, type RawContactDetails } from "../contacts/contact-details.ts";
import { type DomainError, DomainErrors } from "../errors/domain-error.ts";
import type { BookOutcome } from "../ports/booking-store.port.ts";
import { inZone, speakDateTime } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import { refuse } from "./busy.ts";
import { type CalendarOutcome, syncInline } from "./calendar-sync.ts";
import type { BookingDeps } from "./deps.ts";
import { type AcceptedSlot, judgeRequestedSlot } from "./requested-slot.ts";

export interface BookAppointmentCommand {
  readonly orgId: OrgId;
  /** `YYYY-MM-DD` in the clinic's zone. */
  readonly date: string;
  /** `14:30`, `2:30pm`, … in the clinic's zone. */
  readonly time: string;
  readonly durationMinutes?: number | undefined;
  readonly patient: RawContactDetails;
  readonly serviceType?: string | null | undefined;
  /** Vapi's tool-call id: a retry with the same key books nothing new. */
  readonly idempotencyKey?: string | null | undefined;
}

export interface BookingConfirmation extends CalendarOutcome {
  readonly appointment: Appointment;
  readonly contact: Contact;
  readonly contactPath: ContactPath;
  readonly replayed: boolean;
  /** "Thursday 3 December at 2:30pm". */
  readonly spokenTime: string;
  readonly message: string;
}

export function bookAppointment(
  deps: BookingDeps,
  command: BookAppointmentCommand,
): ResultAsync<BookingConfirmation, DomainError> {
  return deps.clinics.getClinic(command.orgId).andThen((settings) =>
    parseContactDetails(command.patient, settings.region).asyncAndThen((contact) =>
      deps.clock.now().andThen((now) =>
        judgeRequestedSlot(settings, now, command).asyncAndThen((judged) =>
          judged.match(
            (accepted) => book(deps, settings, now, command, contact, accepted),
            (refusal) => replayOr(deps, settings, command, () => refuse(deps, settings, now, refusal)),
          ),
        ),
      ),
    ),
  );
}

function book(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  command: BookAppointmentCommand,
  contact: ContactDetails,
  accepted: AcceptedSlot,
): ResultAsync<BookingConfirmation, DomainError> {
  const { slot, note } = accepted;
  return deps.ids
    .next()
    .andThen((appointmentId) =>
      deps.store.book({
        orgId: settings.orgId,
        appointmentId,
        idempotencyKey: command.idempotencyKey ?? null,
        contact,
        calendarId: settings.calendarId,
        startsAt: slot.start,
        endsAt: slot.end,
        blocksUntil: slot.blocksUntil,
        serviceType: clean(command.serviceType),
      }),
    )
    .orElse((e) =>
      e.code === "SLOT_UNAVAILABLE"
        ? refuse(deps, settings, now, {
            near: slot.start,
            durationMinutes: accepted.durationMinutes,
            error: DomainErrors.slotUnavailable,
          })
        : errAsync(e),
    )
    .andThen((outcome) => confirm(deps, settings, outcome, note));
}

/** A refusal that may be a retry of a call that already booked: the first answer wins (A2). */
function replayOr(
  deps: BookingDeps,
  settings: ClinicSettings,
  command: BookAppointmentCommand,
  refusal: () => ResultAsync<never, DomainError>,
): ResultAsync<BookingConfirmation, DomainError> {
  const key = command.idempotencyKey;
  if (key === undefined || key === null) return refusal();
  return deps.store
    .replay(settings.orgId, key)
    .andThen((receipt) => (receipt === null ? refusal() : confirm(deps, settings, { receipt, replayed: true }, null)));
}

function confirm(
  deps: BookingDeps,
  settings: ClinicSettings,
  { receipt, replayed }: BookOutcome,
  note: string | null,
): ResultAsync<BookingConfirmation, DomainError> {
  const spokenTime = speakDateTime(inZone(receipt.appointment.startsAt, settings.zone));
  const current = replayed
    ? deps.store.getAppointment(settings.orgId, receipt.appointment.id)
    : okAsync(receipt.appointment);
  return current
    .andThen((appointment) => syncInline(deps, settings, appointment, receipt.contact))
    .map((calendar) => ({
      ...receipt,
      ...calendar,
      replayed,
      spokenTime,
      message: `You're booked for ${spokenTime}.${note === null ? "" : ` ${note}`}`,
    }));
}

function clean(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t === undefined || t === "" ? null : t;
}
