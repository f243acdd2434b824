/**
 * @module testing/in-memory-sync-outbox
 * The calendar-sync outbox in memory, over the jobs the in-memory store enqueues, with the SQL
 * functions' semantics (`claim_sync_jobs`, `complete_sync_job`, `fail_sync_job`, `park_sync_job`,
 * `requeue_sync_jobs`, `outbox_summary`). Time is the database's clock (`MemoryDatabase.now`), so
 * a test steps leases and backoff with a manual clock.
 */
import type { ResultAsync } from "neverthrow";
import { type Appointment, isLive } from "../appointments/appointment.ts";
import type { StoreUnavailable } from "../errors/domain-error.ts";
import type {
  ClaimedSyncJob,
  ClinicBacklog,
  OutboxSummary,
  SyncedVersion,
  SyncOutbox,
} from "../ports/sync-outbox.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { atomicAsync } from "./atomic.ts";
import type { MemoryDatabase, OutboxRow } from "./memory-database.ts";

export interface InMemorySyncOutboxOptions {
  /** Uniform in [0, 1): the backoff's jitter (default `Math.random`). */
  readonly random?: () => number;
}

/** `fail_sync_job`'s defaults: 5 s doubling per failed attempt, capped at an hour. */
export const BACKOFF_BASE_SECONDS = 5;
export const BACKOFF_MAX_SECONDS = 3600;

/** The delay after a job's `attempts`-th failure counting from 0: capped, then jittered to 75–100%. */
export function backoffSeconds(attempts: number, random: number): number {
  const capped = Math.min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** Math.min(attempts, 30));
  return capped * (0.75 + random * 0.25);
}

const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);
const isDue = (j: OutboxRow, now: Date) => j.parkedAt === null && j.nextAttemptAt <= now;
const isFree = (j: OutboxRow, now: Date) => j.lockedUntil === null || j.lockedUntil <= now;
const oldestFirst = (a: OutboxRow, b: OutboxRow) =>
  a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id;

export class InMemorySyncOutbox implements SyncOutbox {
  private readonly db: MemoryDatabase;
  private readonly random: () => number;

  constructor(db: MemoryDatabase, options: InMemorySyncOutboxOptions = {}) {
    this.db = db;
    this.random = options.random ?? Math.random;
  }

  claim(limit: number, leaseSeconds: number): ResultAsync<ClaimedSyncJob[], StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const now = this.db.now();
      const due = this.db
        .outbox()
        .filter((j) => isDue(j, now) && isFree(j, now))
        .sort(oldestFirst)
        .slice(0, Math.max(0, limit));
      return due.map((j) => {
        this.db.updateOutboxRow({ ...j, lockedUntil: later(now, leaseSeconds) });
        return this.withContext(j);
      });
    });
  }

  complete(jobId: number, synced: SyncedVersion | null): ResultAsync<boolean, StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const job = this.db.outboxRow(jobId);
      if (job === undefined) return false;
      if (synced !== null) this.markSynced(job, synced);
      this.db.deleteOutboxRow(jobId);
      return true;
    });
  }

  fail(jobId: number, error: string): ResultAsync<Date | null, StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const job = this.db.outboxRow(jobId);
      if (job === undefined) return null;
      const nextAttemptAt = later(this.db.now(), backoffSeconds(job.attempts, this.random()));
      this.db.updateOutboxRow({
        ...job,
        attempts: job.attempts + 1,
        lastError: error,
        lockedUntil: null,
        nextAttemptAt,
      });
      return nextAttemptAt;
    });
  }

  park(jobId: number, reason: string): ResultAsync<boolean, StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const job = this.db.outboxRow(jobId);
      if (job === undefined) return false;
      this.db.updateOutboxRow({ ...job, parkedAt: this.db.now(), lastError: reason, lockedUntil: null });
      return true;
    });
  }

  requeue(orgId: OrgId): ResultAsync<number, StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const now = this.db.now();
      const parked = this.db.outbox().filter((j) => j.orgId === orgId && j.parkedAt !== null);
      for (const j of parked) {
        this.db.updateOutboxRow({ ...j, parkedAt: null, nextAttemptAt: now, attempts: 0, lockedUntil: null });
      }
      const missing = this.db.allAppointments().filter((a) => a.orgId === orgId && this.calendarLacks(a, now));
      const enqueued = missing.filter((a) => this.db.enqueue({ orgId, appointmentId: a.id, version: a.version }));
      return parked.length + enqueued.length;
    });
  }

  summary(): ResultAsync<OutboxSummary, StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const now = this.db.now();
      const jobs = this.db.outbox();
      const orgs = [...new Set(jobs.map((j) => j.orgId))];
      const clinics = orgs
        .map((orgId) => ({
          orgId,
          ...backlog(
            jobs.filter((j) => j.orgId === orgId),
            now,
          ),
        }))
        .sort((a, b) => b.due - a.due || (a.orgId < b.orgId ? -1 : 1));
      return { ...backlog(jobs, now), clinics };
    });
  }

  /**
   * `requeue_sync_jobs`'s backfill: the calendar does not reflect the appointment's current version,
   * no job covers it, and it still matters (live and still to come, or cancelled with an event).
   */
  private calendarLacks(a: Appointment, now: Date): boolean {
    if (a.calendarSync !== "pending") return false;
    const matters = (isLive(a) && a.endsAt.getTime() > now.getTime()) || a.calendarEventId !== null;
    const covered = this.db.outbox().some((j) => j.appointmentId === a.id && j.version >= a.version);
    return matters && !covered;
  }

  /** `mark_calendar_synced` for the job's appointment: only its current version counts. */
  private markSynced(job: OutboxRow, synced: SyncedVersion): void {
    const appointment = this.db.appointment(job.orgId, job.appointmentId);
    if (appointment === undefined || appointment.version !== synced.version) return;
    this.db.putAppointment({ ...appointment, calendarSync: "synced", calendarEventId: synced.eventId });
    this.db.completeJobs(job.orgId, job.appointmentId, synced.version);
  }

  /** The job as claimed: its appointment now, that appointment's contact, the clinic. */
  private withContext(job: OutboxRow): ClaimedSyncJob {
    const { id, orgId, appointmentId, version, attempts, lastError } = job;
    const appointment = this.db.appointment(orgId, appointmentId) ?? null;
    const contactId = appointment?.contactId ?? null;
    const contact = contactId === null ? undefined : this.db.contacts(orgId).find((c) => c.id === contactId);
    return {
      id,
      orgId,
      appointmentId,
      version,
      attempts,
      lastError,
      appointment,
      contact: contact === undefined ? null : { phone: contact.phone, email: contact.email },
      clinic: this.db.fullClinic(orgId) ?? null,
    };
  }
}

/** The counts of one set of jobs: due now (or leased), backing off, parked, the oldest due. */
function backlog(jobs: readonly OutboxRow[], now: Date): Omit<ClinicBacklog, "orgId"> {
  const due = jobs.filter((j) => isDue(j, now));
  const oldest = due.map((j) => j.nextAttemptAt.getTime()).sort((a, b) => a - b)[0];
  return {
    due: due.length,
    scheduled: jobs.filter((j) => j.parkedAt === null && !isDue(j, now)).length,
    parked: jobs.filter((j) => j.parkedAt !== null).length,
    oldestDueAt: oldest === undefined ? null : new Date(oldest),
  };
}
