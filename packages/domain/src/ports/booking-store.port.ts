/**
 * @module ports/booking-store.port
 * Where contacts and appointments live. Every write is one atomic operation (in Postgres, one
 * SQL function call: one round trip, one transaction), so the invariants hold under any
 * concurrency: C1–C5 for contacts, A1 (no overlap of live appointments, buffer included) and A2
 * (one change per retry key: book, cancel, reschedule) for appointments, M1 (a caller acts only
 * on their own appointments: checked in the transaction that reads or changes them).
 */
import type { ResultAsync } from "neverthrow";
import type { Appointment, BookingReceipt } from "../appointments/appointment.ts";
import type { Interval } from "../clinic/opening-hours.ts";
import type { CallerProof } from "../contacts/caller.ts";
import type { Contact, ContactDetails, ContactPath } from "../contacts/contact.ts";
import type {
  AppointmentCancelled,
  AppointmentNotFound,
  CallerNotVerified,
  SettingsStale,
  SlotUnavailable,
  StoreUnavailable,
  UnknownOrg,
} from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

/** A practitioner a booking may go to, with the calendar its event goes in. */
export interface Candidate {
  readonly practitionerId: string;
  readonly calendarId: string;
}

/**
 * Where a booking or a move may go: the candidates (qualified, active, working the whole
 * interval), of whom the store takes the first free one by the rule: fewest live appointments
 * that local day (`dayStart`..`dayEnd`), then least recently booked (the latest `created_at` of
 * their live appointments, never booked first), then the order given. One candidate: a named
 * practitioner (or the one an appointment keeps when moved).
 */
export interface Placement {
  readonly candidates: readonly Candidate[];
  readonly serviceId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly blocksFrom: Date;
  readonly blocksUntil: Date;
  /** The local day of `startsAt` in the clinic's zone, as instants: "least booked that day". */
  readonly dayStart: Date;
  readonly dayEnd: Date;
}

export interface BookCommand extends Placement {
  readonly orgId: OrgId;
  /** Chosen by the caller of the store (IdGenerator), so the calendar event id is known up front. */
  readonly appointmentId: string;
  /** The retry key (A2); `null` books without replay protection. */
  readonly idempotencyKey: string | null;
  /** How long the key is honoured, in seconds; absent or `null`: for as long as its receipt is kept. */
  readonly idempotencyWindowSeconds?: number | null;
  readonly contact: ContactDetails;
  /** The caller's own words for it (the legacy `serviceType`), kept as a note; `null`: none. */
  readonly serviceType: string | null;
  /**
   * The clinic's `settingsVersion` the slot was judged with: when the clinic's is another, the
   * store does nothing and answers `SETTINGS_STALE`. Absent or `null`: not checked.
   */
  readonly settingsVersion?: number | null;
  /**
   * Where a refusal's alternatives will look: when no candidate is free, the store answers these
   * practitioners' busy intervals in this window with the refusal (`SlotTaken.busy`), so the
   * refusal needs no second read. Absent or `null`: the refusal comes alone.
   */
  readonly busyWindow?: BusyWindow | null;
}

/** Practitioners and a window whose busy intervals (`busyIntervals`) a caller will need. */
export interface BusyWindow {
  readonly practitionerIds: readonly string[];
  readonly window: Interval;
}

export interface BookOutcome {
  readonly receipt: BookingReceipt;
  /** True when the idempotency key was already used: `receipt` is the first answer, unchanged. */
  readonly replayed: boolean;
  /** For a replay: the appointment as it is now, read in the same call (absent: the caller reads it). */
  readonly current?: Appointment;
}

/** `SLOT_UNAVAILABLE` from `book`, with the busy intervals of its `busyWindow` when one was given. */
export type SlotTaken = SlotUnavailable & { readonly busy?: PractitionerBusy };

export interface RescheduleCommand extends Placement {
  readonly orgId: OrgId;
  readonly appointmentId: string;
}

/** A change a caller asks for: checked against `caller` (M1) and keyed for retries (A2). */
export interface CallerChange {
  readonly orgId: OrgId;
  readonly appointmentId: string;
  readonly caller: CallerProof;
  /** The retry key; `null` changes without replay protection. */
  readonly idempotencyKey: string | null;
  /** How long the key is honoured, in seconds; absent or `null`: for as long as its receipt is kept. */
  readonly idempotencyWindowSeconds?: number | null;
}

export interface CallerReschedule extends CallerChange, Placement {
  /** As `BookCommand.settingsVersion`: another than the clinic's is `SETTINGS_STALE`, nothing done. */
  readonly settingsVersion?: number | null;
}

/** Which change a retry key answers for; a key is recorded per clinic and kind. */
export type ChangeKind = "cancel" | "reschedule";

export interface ChangeOutcome {
  /** The appointment as this change left it; for a replay, as the first call left it. */
  readonly appointment: Appointment;
  /** The appointment as it is now: differs from `appointment` when it was changed since (a replay). */
  readonly current: Appointment;
  /** True when the retry key was already used: nothing changed, `appointment` is the first answer's. */
  readonly replayed: boolean;
  /** Cancelling only: it was already cancelled, nothing changed (and no receipt was recorded). */
  readonly alreadyCancelled: boolean;
}

/** Busy intervals per practitioner id. */
export type PractitionerBusy = Readonly<Record<string, readonly Interval[]>>;

export type BookError = SlotTaken | UnknownOrg | SettingsStale | StoreUnavailable;
export type ChangeError = AppointmentNotFound | AppointmentCancelled | SlotUnavailable | StoreUnavailable;
export type CallerRescheduleError =
  | CallerNotVerified
  | AppointmentCancelled
  | SlotUnavailable
  | SettingsStale
  | StoreUnavailable;

export interface BookingStore {
  /**
   * Atomically: replay the answer recorded for `idempotencyKey` if any (and still honoured);
   * otherwise resolve the contact (ContactResolution, serialised on the phone and the email: C5),
   * insert the appointment with the first candidate free for `[blocksFrom, blocksUntil)` by the
   * `Placement` rule (`SLOT_UNAVAILABLE` when none is: a live appointment of each overlaps),
   * record the key and its answer, and enqueue the calendar sync. A refusal records nothing.
   * First of all, a `settingsVersion` that is not the clinic's is `SETTINGS_STALE` (nothing done).
   * A replay comes with its appointment as it is now (`current`); a refusal with the busy
   * intervals of `busyWindow`.
   * Locks are per practitioner, so bookings of different practitioners run in parallel.
   */
  book(command: BookCommand): ResultAsync<BookOutcome, BookError>;

  /** The answer recorded for a booking's key, or `null` when the key was never used or its window passed. */
  replay(orgId: OrgId, idempotencyKey: string): ResultAsync<BookingReceipt | null, StoreUnavailable>;

  /** Atomically finds or creates the contact for these details (ContactResolution). */
  resolveContact(
    orgId: OrgId,
    details: ContactDetails,
  ): ResultAsync<{ contact: Contact; path: ContactPath }, StoreUnavailable>;

  /** One contact of this org, or `null` (also for another org's contact id). */
  getContact(orgId: OrgId, contactId: string): ResultAsync<Contact | null, StoreUnavailable>;

  /**
   * Atomically moves a live appointment; the overlap rule excludes the appointment itself. The
   * clinic's own operation: no caller check, no retry key (callers go through `rescheduleForCaller`).
   */
  reschedule(command: RescheduleCommand): ResultAsync<Appointment, ChangeError>;

  /** Marks an appointment cancelled (cancelling a cancelled one returns it unchanged); no caller check. */
  cancel(orgId: OrgId, appointmentId: string): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable>;

  /** One appointment of this org, or `APPOINTMENT_NOT_FOUND` (also for another org's id). */
  getAppointment(orgId: OrgId, appointmentId: string): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable>;

  /**
   * The appointment when its contact is the caller's (`isCallersContact`); otherwise, and when
   * there is no such appointment (in this org), `CALLER_NOT_VERIFIED`: the two are one answer.
   */
  getForCaller(
    orgId: OrgId,
    appointmentId: string,
    caller: CallerProof,
  ): ResultAsync<Appointment, CallerNotVerified | StoreUnavailable>;

  /**
   * Atomically, serialised on the retry key: the recorded answer if the key was used (with the
   * appointment as it is now); else, when the caller's (M1, else `CALLER_NOT_VERIFIED`), cancels
   * the appointment, enqueues the calendar sync and records the key. Already cancelled: returned
   * unchanged (`alreadyCancelled`), nothing recorded.
   */
  cancelForCaller(command: CallerChange): ResultAsync<ChangeOutcome, CallerNotVerified | StoreUnavailable>;

  /**
   * Atomically, serialised on the retry key: the recorded answer if the key was used (with the
   * appointment as it is now); else, when the caller's (M1), moves it like `reschedule` and
   * records the key. Refusals (`CALLER_NOT_VERIFIED`, `APPOINTMENT_CANCELLED`,
   * `SLOT_UNAVAILABLE`) change and record nothing.
   */
  rescheduleForCaller(command: CallerReschedule): ResultAsync<ChangeOutcome, CallerRescheduleError>;

  /** The answer recorded for a change's retry key (with the appointment as it is now), or `null`. */
  replayChange(
    orgId: OrgId,
    kind: ChangeKind,
    idempotencyKey: string,
  ): ResultAsync<ChangeOutcome | null, StoreUnavailable>;

  /**
   * `[blocksFrom, blocksUntil)` of the live appointments of each practitioner that overlap the
   * window, keyed by practitioner id (every id asked for is a key), each list in time order.
   * `settingsVersion`: the clinic's version the caller judges with; another than the clinic's is
   * `SETTINGS_STALE` (absent or `null`: not checked).
   */
  busyIntervals(
    orgId: OrgId,
    practitionerIds: readonly string[],
    window: Interval,
    settingsVersion?: number | null,
  ): ResultAsync<PractitionerBusy, SettingsStale | StoreUnavailable>;

  /** Live appointments starting at or after `from` whose contact is the caller's (`isCallersContact`). */
  findUpcoming(orgId: OrgId, caller: CallerProof, from: Date): ResultAsync<Appointment[], StoreUnavailable>;

  /**
   * Records that `calendarId` shows `version` of the appointment as event `eventId`; a stale
   * version changes nothing.
   */
  markCalendarSynced(
    orgId: OrgId,
    appointmentId: string,
    version: number,
    eventId: string,
    calendarId: string,
  ): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable>;
}
