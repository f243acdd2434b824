/**
 * @module testing/in-memory-notification-outbox
 * The notification outbox in memory, over the jobs `notifyAppointmentWritten` queues, with the
 * SQL functions' semantics (`claim_notification_jobs`, `prepare_notification_job`, …). Time is the
 * database's clock (`MemoryDatabase.now`), so a test steps reminders, leases and backoff.
 */
import type { ResultAsync } from "neverthrow";
import type { StoreUnavailable } from "../errors/domain-error.ts";
import type { Channel, DropReason, NotificationJob } from "../notifications/notification.ts";
import { defaultNotificationSettings } from "../notifications/notification-settings.ts";
import type {
  ClaimedNotification,
  NotificationOutbox,
  NotificationSummary,
} from "../ports/notification-outbox.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { atomicAsync } from "./atomic.ts";
import { backoffSeconds } from "./in-memory-sync-outbox.ts";
import type { MemoryDatabase } from "./memory-database.ts";
import { type NotificationRow, optOutKey } from "./notification-tables.ts";

const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);
const isDue = (j: NotificationRow, now: Date) => j.state === "pending" && j.nextAttemptAt <= now;
const isFree = (j: NotificationRow, now: Date) => j.lockedUntil === null || j.lockedUntil <= now;
const oldestFirst = (a: NotificationRow, b: NotificationRow) =>
  a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id;

/** The job as the port shows it, without the worker's bookkeeping. */
function queuedJob(row: NotificationRow): NotificationJob {
  const {
    state: _s,
    nextAttemptAt: _n,
    lockedUntil: _l,
    providerId: _p,
    outcome: _o,
    deliveryStatus: _d,
    ...job
  } = row;
  return job;
}

export class InMemoryNotificationOutbox implements NotificationOutbox {
  private readonly db: MemoryDatabase;
  private readonly random: () => number;

  constructor(db: MemoryDatabase, options: { readonly random?: () => number } = {}) {
    this.db = db;
    this.random = options.random ?? Math.random;
  }

  claim(limit: number, leaseSeconds: number): ResultAsync<ClaimedNotification[], StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const now = this.db.now();
      const due = this.rows()
        .filter((j) => isDue(j, now) && isFree(j, now))
        .sort(oldestFirst)
        .slice(0, Math.max(0, limit));
      for (const j of due) this.update(j.id, (row) => ({ ...row, lockedUntil: later(now, leaseSeconds) }));
      return due.map((j) => this.withContext(j));
    });
  }

  prepare(jobId: number, to: string, body: string): ResultAsync<boolean, StoreUnavailable> {
    return this.pending(jobId, (j) => (j.prepared === null ? { ...j, prepared: { to, body, at: this.db.now() } } : j));
  }

  complete(jobId: number, providerId: string): ResultAsync<boolean, StoreUnavailable> {
    return this.pending(jobId, (j) => ({ ...j, state: "sent", providerId, lockedUntil: null }));
  }

  fail(jobId: number, error: string): ResultAsync<Date | null, StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const job = this.rows().find((j) => j.id === jobId && j.state === "pending");
      if (job === undefined) return null;
      const nextAttemptAt = later(this.db.now(), backoffSeconds(job.attempts, this.random()));
      this.update(jobId, (j) => ({
        ...j,
        attempts: j.attempts + 1,
        lastError: error,
        lockedUntil: null,
        nextAttemptAt,
      }));
      return nextAttemptAt;
    });
  }

  drop(jobId: number, reason: DropReason): ResultAsync<boolean, StoreUnavailable> {
    return this.pending(jobId, (j) => ({ ...j, state: "dropped", outcome: reason, lockedUntil: null }));
  }

  recordDelivery(channel: Channel, providerId: string, status: string): ResultAsync<boolean, StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const job = this.rows().find((j) => j.channel === channel && j.providerId === providerId);
      if (job === undefined) return false;
      this.update(job.id, (j) => ({ ...j, deliveryStatus: status }));
      return true;
    });
  }

  pendingFor(orgId: OrgId, appointmentId: string): ResultAsync<NotificationJob[], StoreUnavailable> {
    return atomicAsync(this.db, () =>
      this.rows()
        .filter((j) => j.orgId === orgId && j.appointmentId === appointmentId && j.state === "pending")
        .sort(oldestFirst)
        .map((j) => queuedJob(j)),
    );
  }

  summary(): ResultAsync<NotificationSummary, StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const now = this.db.now();
      const pending = this.rows().filter((j) => j.state === "pending");
      const due = pending.filter((j) => isDue(j, now));
      const oldest = due.map((j) => j.nextAttemptAt.getTime()).sort((a, b) => a - b)[0];
      return {
        due: due.length,
        scheduled: pending.length - due.length,
        oldestDueAt: oldest === undefined ? null : new Date(oldest),
      };
    });
  }

  private rows(): readonly NotificationRow[] {
    return this.db.notifications().jobs;
  }

  private update(jobId: number, change: (j: NotificationRow) => NotificationRow): void {
    const t = this.db.notifications();
    this.db.setNotifications({ ...t, jobs: t.jobs.map((j) => (j.id === jobId ? change(j) : j)) });
  }

  /** Applies `change` to a pending job; `false` when there is none. */
  private pending(
    jobId: number,
    change: (j: NotificationRow) => NotificationRow,
  ): ResultAsync<boolean, StoreUnavailable> {
    return atomicAsync(this.db, () => {
      if (!this.rows().some((j) => j.id === jobId && j.state === "pending")) return false;
      this.update(jobId, change);
      return true;
    });
  }

  private withContext(job: NotificationRow): ClaimedNotification {
    const queued = queuedJob(job);
    const appointment = this.db.appointment(job.orgId, job.appointmentId) ?? null;
    const contactId = appointment?.contactId ?? null;
    const contact = this.db.contacts(job.orgId).find((c) => c.id === contactId);
    const tables = this.db.notifications();
    return {
      ...queued,
      appointment,
      contact: contact === undefined ? null : { phone: contact.phone, email: contact.email },
      clinic: this.db.fullClinic(job.orgId) ?? null,
      settings: tables.settings.get(job.orgId) ?? defaultNotificationSettings(job.orgId),
      optedOut: contact?.phone != null && tables.optOuts.has(optOutKey(job.orgId, contact.phone)),
    };
  }
}
