/**
 * @module use-cases/book-appointment
 * BookAppointment: validate what the caller said, match the service and the practitioner asked
 * for, judge the slot in the clinic's zone, book it in one atomic store operation that picks the
 * practitioner among those qualified and working then (contact, appointment, retry key and
 * calendar job together), then
 * try the calendar inline. The booking carries the clinic's settings version (a store that finds
 * the clinic changed since answers `SETTINGS_STALE`: `withCurrentSettings` reloads and retries)
 * and, for a refusal, where its alternatives will look (answered with it: one round trip).
 * A retried call with the same key changes nothing (A2): it is answered
 * from the appointment the first call booked, as it is now, so it never claims a booking that
 * was cancelled since, and says so when it was moved since.
 */
import { err, errAsync, okAsync, type Result, ResultAsync } from "neverthrow";
import type { Appointment, BookingReceipt } from "../appointments/appointment.ts";
import { describeBooking } from "../appointments/booking-words.ts";
import type { Clinic } from "../clinic/clinic.ts";
import type { Practitioner } from "../clinic/practitioner.ts";
import type { Service } from "../clinic/service.ts";
import type { Contact, ContactDetails, ContactPath } from "../contacts/contact.ts";
import { parseContactDetails, type RawContactDetails } from "../contacts/contact-details.ts";
import { type DomainError, DomainErrors, type StoreUnavailable } from "../errors/domain-error.ts";
import type { BookOutcome } from "../ports/booking-store.port.ts";
import { speakInstant } from "../speech/clinic.ts";
import { voiceOf } from "../speech/locale.ts";
import type { OrgId } from "../values/org-id.ts";
import type { RetryKey } from "../values/retry-key.ts";
import { refuseWithAlternatives } from "./busy.ts";
import { type CalendarOutcome, syncInline } from "./calendar-sync.ts";
import type { BookingDeps } from "./deps.ts";
import type { KnownBusy } from "./known-busy.ts";
import { durationFor, placementFor, refusalBusyWindow, refuseTaken } from "./placement.ts";
import { type AcceptedSlot, judgeRequestedSlot, noteAt, type SlotRefusal } from "./requested-slot.ts";
import { parseServiceNote, resolveScope, type ServiceScope } from "./service-scope.ts";

export interface BookAppointmentCommand {
  readonly orgId: OrgId;
  /** `YYYY-MM-DD` in the clinic's zone. */
  readonly date: string;
  /** `14:30`, `2:30pm`, … in the clinic's zone. */
  readonly time: string;
  /** Used only when the clinic allows a caller's duration; otherwise the service's length. */
  readonly durationMinutes?: number | undefined;
  readonly patient: RawContactDetails;
  /** The service as the caller said it (name or synonym); absent: the clinic's default service. */
  readonly service?: string | null | undefined;
  /** A practitioner's name, or absent / "anyone": whoever offering the service is free. */
  readonly practitioner?: string | null | undefined;
  /** Legacy: read as `service` when it names one; otherwise kept as a note on the appointment. */
  readonly serviceType?: string | null | undefined;
  /** Vapi's tool-call id within its call (or a key derived from the call, with its window): a retry books nothing new. */
  readonly idempotencyKey?: RetryKey | null | undefined;
}

export interface BookingConfirmation extends CalendarOutcome {
  /** The appointment as booked; for a replay of a booking moved since, as it is now. */
  readonly appointment: Appointment;
  readonly contact: Contact;
  readonly contactPath: ContactPath;
  /** Who the patient will see (as a caller says the name) and what for. */
  readonly practitioner: Practitioner;
  readonly service: Service;
  readonly replayed: boolean;
  /** "Thursday 3 December at 2:30pm". */
  readonly spokenTime: string;
  readonly message: string;
}

export function bookAppointment(
  deps: BookingDeps,
  command: BookAppointmentCommand,
): ResultAsync<BookingConfirmation, DomainError> {
  return new ResultAsync(bookInSteps(deps, command));
}

/**
 * The steps, each stopping at its error. Awaited one by one rather than through `safeTry`: the
 * booking is the hot path, and neverthrow's async generators (compiled for old engines) cost
 * several promises a step.
 */
async function bookInSteps(
  deps: BookingDeps,
  command: BookAppointmentCommand,
): Promise<Result<BookingConfirmation, DomainError>> {
  const clinic = await deps.clinics.getClinic(command.orgId);
  if (clinic.isErr()) return err(clinic.error);
  const prepared = parseContactDetails(command.patient, clinic.value.region).andThen((contact) =>
    parseServiceNote(command.serviceType).andThen((serviceType) =>
      resolveScope(clinic.value, command).andThen((scope) =>
        durationFor(scope, command.durationMinutes).map((durationMinutes) => ({
          contact,
          serviceType,
          scope,
          durationMinutes,
        })),
      ),
    ),
  );
  if (prepared.isErr()) return err(prepared.error);
  const { contact, serviceType, scope, durationMinutes } = prepared.value;
  const clock = await deps.clock.now();
  if (clock.isErr()) return err(clock.error);
  const now = clock.value;
  const request = { date: command.date, time: command.time, durationMinutes };
  const judged = judgeRequestedSlot(scope.rules, now, request, scope.service.bufferBeforeMinutes);
  if (judged.isErr()) return err(judged.error);
  const booked = await (judged.value.isOk()
    ? book(deps, scope, now, { ...command, serviceType }, contact, judged.value.value)
    : replayOrRefuse(deps, scope, now, command, judged.value.error));
  if (booked.isErr()) return err(booked.error);
  return confirm(deps, clinic.value, now, booked.value);
}

/** Books the accepted slot with the first free candidate; if none is free, refuses with the nearest free slots. */
function book(
  deps: BookingDeps,
  scope: ServiceScope,
  now: Date,
  command: BookAppointmentCommand & { readonly serviceType: string | null },
  contact: ContactDetails,
  accepted: AcceptedSlot,
): ResultAsync<BookOutcome, DomainError> {
  const key = command.idempotencyKey ?? null;
  const placement = placementFor(scope, accepted.date, accepted.slot);
  const busyWindow = refusalBusyWindow(scope, accepted.slot);
  const refuse = (known?: KnownBusy) =>
    refuseTaken(known === undefined ? deps : { ...deps, knownBusy: known }, scope, now, accepted);
  if (placement.candidates.length === 0) return refuse();
  return deps.ids
    .next()
    .andThen((appointmentId) =>
      deps.store.book({
        ...placement,
        orgId: scope.clinic.orgId,
        appointmentId,
        idempotencyKey: key?.key ?? null,
        idempotencyWindowSeconds: key?.windowSeconds ?? null,
        contact,
        serviceType: command.serviceType,
        settingsVersion: scope.clinic.settingsVersion ?? null,
        busyWindow,
      }),
    )
    .orElse((e) =>
      e.code !== "SLOT_UNAVAILABLE"
        ? errAsync(e)
        : refuse(e.busy === undefined ? undefined : { ...busyWindow, busy: e.busy }),
    );
}

/**
 * A refused slot may be a retry of a call that already booked it (the notice has since run out,
 * say): the first booking wins (A2). Otherwise the refusal stands, with the nearest free slots.
 */
function replayOrRefuse(
  deps: BookingDeps,
  scope: ServiceScope,
  now: Date,
  command: BookAppointmentCommand,
  refusal: SlotRefusal,
): ResultAsync<BookOutcome, DomainError> {
  const key = command.idempotencyKey ?? null;
  const earlier: ResultAsync<BookingReceipt | null, StoreUnavailable> =
    key === null ? okAsync(null) : deps.store.replay(scope.clinic.orgId, key.key);
  return earlier.andThen((receipt) =>
    receipt === null ? refuseWithAlternatives(deps, scope, now, refusal) : okAsync({ receipt, replayed: true }),
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
  clinic: Clinic,
  now: Date,
  { receipt, replayed, current: asNow }: BookOutcome,
): ResultAsync<BookingConfirmation, DomainError> {
  const first = receipt.appointment;
  const current = !replayed
    ? okAsync(first)
    : asNow !== undefined
      ? okAsync(asNow)
      : deps.store.getAppointment(clinic.orgId, first.id);
  return current.andThen((appointment) => {
    if (appointment.status === "cancelled") {
      return errAsync(DomainErrors.cancelledSince(speakInstant(clinic, now, first.startsAt)));
    }
    const unchanged = appointment.version === first.version;
    const spokenTime = speakInstant(clinic, now, appointment.startsAt);
    const note = noteAt(appointment.startsAt, voiceOf(clinic, now));
    const { practitioner, service, withWhom } = describeBooking(clinic, appointment);
    const message = unchanged
      ? `You're booked for ${withWhom}${spokenTime}.${note === null ? "" : ` ${note}`}`
      : `That booking was moved since: you're booked for ${withWhom}${spokenTime}.`;
    return syncInline(deps, clinic, appointment, receipt.contact).map((calendar) => ({
      ...receipt,
      appointment: unchanged ? first : appointment,
      ...calendar,
      practitioner,
      service,
      replayed,
      spokenTime,
      message,
    }));
  });
}
