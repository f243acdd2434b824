/**
 * @module use-cases/book-appointment
 * BookAppointment: validate what the caller said, judge the slot in the clinic's zone, book it in
 * one atomic store operation (contact, appointment, idempotency key and calendar job together),
 * then try the calendar inline. A retried call with the same idempotency key gets the first answer.
 */
import { errAsync, ok, okAsync, type ResultAsync, safeTry } from "neverthrow";
import type { Appointment, BookingReceipt } from "../appointments/appointment.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { Contact, ContactDetails, ContactPath } from "../contacts/contact.ts";
import { parseContactDetails, type RawContactDetails } from "../contacts/contact-details.ts";
import type { DomainError, StoreUnavailable } from "../errors/domain-error.ts";
import type { BookOutcome } from "../ports/booking-store.port.ts";
import { inZone, speakDateTime } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import { refuseWithAlternatives } from "./busy.ts";
import { type CalendarOutcome, syncInline } from "./calendar-sync.ts";
import type { BookingDeps } from "./deps.ts";
import { type AcceptedSlot, judgeRequestedSlot, type SlotRefusal, slotTaken } from "./requested-slot.ts";

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

/** What the store booked (or first booked, for a retried call) and the note to say with it. */
interface Booked extends BookOutcome {
  readonly note: string | null;
}

export function bookAppointment(
  deps: BookingDeps,
  command: BookAppointmentCommand,
): ResultAsync<BookingConfirmation, DomainError> {
  return safeTry(async function* () {
    const settings = yield* deps.clinics.getClinic(command.orgId);
    const contact = yield* parseContactDetails(command.patient, settings.region);
    const now = yield* deps.clock.now();
    const judged = yield* judgeRequestedSlot(settings, now, command);
    const booked = judged.isOk()
      ? yield* book(deps, settings, now, command, contact, judged.value)
      : yield* replayOrRefuse(deps, settings, now, command, judged.error);
    return ok(yield* confirm(deps, settings, booked));
  });
}

/** Books the accepted slot; if another call took it first, refuses with the nearest free slots. */
function book(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  command: BookAppointmentCommand,
  contact: ContactDetails,
  { slot, durationMinutes, note }: AcceptedSlot,
): ResultAsync<Booked, DomainError> {
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
        ? refuseWithAlternatives(deps, settings, now, slotTaken(slot, durationMinutes))
        : errAsync(e),
    )
    .map((outcome) => ({ ...outcome, note }));
}

/**
 * A refused slot may be a retry of a call that already booked it (the notice has since run out,
 * say): the first answer wins (A2). Otherwise the refusal stands, with the nearest free slots.
 */
function replayOrRefuse(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  command: BookAppointmentCommand,
  refusal: SlotRefusal,
): ResultAsync<Booked, DomainError> {
  const key = command.idempotencyKey;
  const earlier: ResultAsync<BookingReceipt | null, StoreUnavailable> =
    key === undefined || key === null ? okAsync(null) : deps.store.replay(settings.orgId, key);
  return earlier.andThen((receipt) =>
    receipt === null
      ? refuseWithAlternatives(deps, settings, now, refusal)
      : okAsync({ receipt, replayed: true, note: null }),
  );
}

/**
 * Brings the calendar in step and says the booking back. A replayed answer is the first one,
 * unchanged; only the calendar sync looks at the appointment as it is now.
 */
function confirm(
  deps: BookingDeps,
  settings: ClinicSettings,
  { receipt, replayed, note }: Booked,
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

/** A service type with its blanks trimmed; blank is none. */
function clean(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t === undefined || t === "" ? null : t;
}
