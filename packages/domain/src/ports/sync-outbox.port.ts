/**
 * @module ports/sync-outbox.port
 * The calendar-sync outbox, as the worker drives it. Every change to an appointment of a clinic
 * with a calendar link enqueues a job in the change's own transaction (BookingStore); a clinic
 * without a link gets none, and `requeue` (when it links) enqueues what its calendar lacks. Claiming leases due jobs (several workers
 * never hold one job) and hands each over with everything its sync needs, so a job costs two
 * store calls: claim and one of complete / fail / park.
 */
import type { ResultAsync } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import type { Clinic } from "../clinic/clinic.ts";
import type { Contact } from "../contacts/contact.ts";
import type { StoreUnavailable } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

export interface SyncJob {
  readonly id: number;
  readonly orgId: OrgId;
  readonly appointmentId: string;
  /** The appointment version the calendar must reflect (the sync writes whatever is current). */
  readonly version: number;
  /** Failed attempts so far. */
  readonly attempts: number;
  readonly lastError: string | null;
}

/** A claimed job with what its sync needs, read in the claim's transaction. */
export interface ClaimedSyncJob extends SyncJob {
  /** The appointment as it is now; `null` when it no longer exists. */
  readonly appointment: Appointment | null;
  /** Its contact (the event's description); `null` when it has none. */
  readonly contact: Pick<Contact, "phone" | "email"> | null;
  /** The clinic's settings and staff (the event's calendar and title); `null` when the clinic no longer exists. */
  readonly clinic: Clinic | null;
}

/** What the calendar now shows: the appointment's `version`, as event `eventId`. */
export interface SyncedVersion {
  readonly version: number;
  readonly eventId: string;
  /** The calendar the event is in (recorded as the appointment's `calendarEventCalendarId`). */
  readonly calendarId: string;
}

/** The jobs of one clinic, or of all: ready, backing off, parked, and how far behind. */
export interface Backlog {
  /** Jobs ready now or leased to a worker right now. */
  readonly due: number;
  /** Jobs backing off after a failure, due later. */
  readonly scheduled: number;
  /** Jobs waiting for the clinic to reconnect its calendar. */
  readonly parked: number;
  /** When the oldest due job became due; `null` when none is due. */
  readonly oldestDueAt: Date | null;
}

export interface ClinicBacklog extends Backlog {
  readonly orgId: OrgId;
}

export interface OutboxSummary extends Backlog {
  /** Per clinic, only clinics with jobs, the most due first. */
  readonly clinics: readonly ClinicBacklog[];
}

export interface SyncOutbox {
  /** Leases up to `limit` due jobs (oldest first) for `leaseSeconds`; skips jobs another worker holds. */
  claim(limit: number, leaseSeconds: number): ResultAsync<ClaimedSyncJob[], StoreUnavailable>;

  /**
   * Done with the job: records `synced` on the appointment when given (a stale version changes
   * nothing) and removes the job, in one transaction. `false` when the job was already gone.
   */
  complete(jobId: number, synced: SyncedVersion | null): ResultAsync<boolean, StoreUnavailable>;

  /** Releases the job for a later attempt (jittered exponential backoff, capped at an hour); when it is due again. */
  fail(jobId: number, error: string): ResultAsync<Date | null, StoreUnavailable>;

  /** Parks the job with its reason: never claimed again until `requeue` for its clinic. */
  park(jobId: number, reason: string): ResultAsync<boolean, StoreUnavailable>;

  /**
   * After the clinic links or reconnects its calendar: its parked jobs are due now, with a fresh
   * backoff, and each appointment its calendar does not reflect and no job covers (booked while it
   * had no link: live and still to come, or cancelled with an event) gets a job; how many are due.
   */
  requeue(orgId: OrgId): ResultAsync<number, StoreUnavailable>;

  /** The backlog, for readiness and metrics. */
  summary(): ResultAsync<OutboxSummary, StoreUnavailable>;
}
