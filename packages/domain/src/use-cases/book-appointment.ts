/**
 * @module use-cases/book-appointment
 * BookAppointment: validate what the caller said, judge the slot in the clinic's zone, book it in
 * one atomic store operation (contact, appointment, retry key and calendar job together), then
 * try the calendar inline. A retried call with the same key changes nothing (A2): it is answered
 * from the appointment the first call booked, as it is now, so it never claims a booking that
 * was cancelled since, and says so when it was moved since.
 */
import { errAsync, ok, okAsync, type Result, type ResultAsync, safeTry } from "neverthrow";
import type { Appointment, BookingReceipt } from "../appointments/appointment.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { Contact, ContactDetails, ContactPath } from "../contacts/contact.ts";
import { parseContactDetails, present, type RawContactDetails } from "../contacts/contact-details.ts";
import { type DomainError, DomainErrors, type InvalidInput, type StoreUnavailable } from "../errors/domain-error.ts";
import type { BookOutcome } from "../ports/booking-store.port.ts";
import { speakInstant } from "../speech/clinic.ts";
import { voiceOf } from "../speech/locale.ts";
import type { OrgId } from "../values/org-id.ts";
import type { RetryKey } from "../values/retry-key.ts";
import { withinLimit } from "../values/text-limits.ts";
import { refuseWithAlternatives } from "./busy.ts";
import { type CalendarOutcome, syncInline } from "./calendar-sync.ts";
import type { BookingDeps } from "./deps.ts";
import { type AcceptedSlot, judgeRequestedSlot, noteAt, type SlotRefusal, slotTaken } from "./requested-slot.ts";

export interface BookAppointmentCommand {
  readonly orgId: OrgId;
  /** `YYYY-MM-DD` in the clinic's zone. */
  readonly date: string;
  /** `14:30`, `2:30pm`, … in the clinic's zone. */
  readonly time: string;
  readonly durationMinutes?: number | undefined;
  readonly patient: RawContactDetails;
  readonly serviceType?: string | null | undefined;
  /** Vapi's tool-call id within its call (or a key derived from the call, with its window): a retry books nothing new. */
  readonly idempotencyKey?: RetryKey | null | undefined;
}

export interface BookingConfirmation extends CalendarOutcome {
  /** The appointment as booked; for a replay of a booking moved since, as it is now. */
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
  return safeTry(async function* () {
    const settings = yield* deps.clinics.getClinic(command.orgId);
    const contact = yield* parseContactDetails(command.patient, settings.region);
    const serviceType = yield* parseServiceType(command.serviceType);
    const now = yield* deps.clock.now();
    const judged = yield* judgeRequestedSlot(settings, now, command);
    const booked = judged.isOk()
      ? yield* book(deps, settings, now, { ...command, serviceType }, contact, judged.value)
      : yield* replayOrRefuse(deps, settings, now, command, judged.error);
    return ok(yield* confirm(deps, settings, now, booked));
  });
}

/** Books the accepted slot; if another call took it first, refuses with the nearest free slots. */
function book(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  command: BookAppointmentCommand & { readonly serviceType: string | null },
  contact: ContactDetails,
  { slot, durationMinutes }: AcceptedSlot,
): ResultAsync<BookOutcome, DomainError> {
  const key = command.idempotencyKey ?? null;
  return deps.ids
    .next()
    .andThen((appointmentId) =>
      deps.store.book({
        orgId: settings.orgId,
        appointmentId,
        idempotencyKey: key?.key ?? null,
        idempotencyWindowSeconds: key?.windowSeconds ?? null,
        contact,
        calendarId: settings.calendarId,
        startsAt: slot.start,
        endsAt: slot.end,
        blocksUntil: slot.blocksUntil,
        serviceType: command.serviceType,
      }),
    )
    .orElse((e) =>
      e.code === "SLOT_UNAVAILABLE"
        ? refuseWithAlternatives(deps, settings, now, slotTaken(slot, durationMinutes))
        : errAsync(e),
    );
}

/**
 * A refused slot may be a retry of a call that already booked it (the notice has since run out,
 * say): the first booking wins (A2). Otherwise the refusal stands, with the nearest free slots.
 */
function replayOrRefuse(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  command: BookAppointmentCommand,
  refusal: SlotRefusal,
): ResultAsync<BookOutcome, DomainError> {
  const key = command.idempotencyKey ?? null;
  const earlier: ResultAsync<BookingReceipt | null, StoreUnavailable> =
    key === null ? okAsync(null) : deps.store.replay(settings.orgId, key.key);
  return earlier.andThen((receipt) =>
    receipt === null ? refuseWithAlternatives(deps, settings, now, refusal) : okAsync({ receipt, replayed: true }),
  );
}

/**
 * Brings the calendar in step and says the booking back, from the appointment as it is now: for
 * a first booking that is the receipt's; a replay reads it again and, when it has not changed
 * since, answers exactly as the first time. A booking cancelled since is refused
 * (`APPOINTMENT_CANCELLED`), one moved since is said at its new time.
 */
function confirm(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  { receipt, replayed }: BookOutcome,
): ResultAsync<BookingConfirmation, DomainError> {
  const first = receipt.appointment;
  const current = replayed ? deps.store.getAppointment(settings.orgId, first.id) : okAsync(first);
  return current.andThen((appointment) => {
    if (appointment.status === "cancelled")
      return errAsync(DomainErrors.cancelledSince(speakInstant(settings, now, first.startsAt)));
    const unchanged = appointment.version === first.version;
    const spokenTime = speakInstant(settings, now, appointment.startsAt);
    const note = noteAt(appointment.startsAt, voiceOf(settings, now));
    const message = unchanged
      ? `You're booked for ${spokenTime}.${note === null ? "" : ` ${note}`}`
      : `That booking was moved since: you're booked for ${spokenTime}.`;
    return syncInline(deps, settings, appointment, receipt.contact).map((calendar) => ({
      ...receipt,
      appointment: unchanged ? first : appointment,
      ...calendar,
      replayed,
      spokenTime,
      message,
    }));
  });
}

/** A service type with its blanks trimmed (blank is none), refused when longer than we keep. */
function parseServiceType(s: string | null | undefined): Result<string | null, InvalidInput> {
  return present(s) ? withinLimit("serviceType", s.trim()) : ok(null);
}
