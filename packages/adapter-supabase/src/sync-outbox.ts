/**
 * @module sync-outbox
 * The calendar-sync outbox as the worker sees it: claim due jobs (leased, `FOR UPDATE SKIP
 * LOCKED`, so several workers never hold one job), complete them, fail them for a later attempt
 * (exponential backoff capped at an hour, jittered), or park them when the calendar has a
 * permanent problem (re-authorisation required, not linked) until the clinic reconnects and
 * `requeueSyncJobs` makes them due again. `outboxSummary` is for readiness and metrics.
 */
import type { OrgId, StoreUnavailable } from "@voxanne/domain";
import type { ResultAsync } from "neverthrow";

export interface OutboxJob {
  readonly id: number;
  readonly orgId: OrgId;
  readonly appointmentId: string;
  /** The appointment version the calendar must reflect (the worker syncs whatever is current). */
  readonly version: number;
  /** Failed attempts so far. */
  readonly attempts: number;
  readonly lastError: string | null;
}

export interface OutboxSummary {
  /** Jobs ready now or leased to a worker right now. */
  readonly due: number;
  /** Jobs backing off after a failure, due later. */
  readonly scheduled: number;
  /** Jobs waiting for their clinic to reconnect its calendar. */
  readonly parked: number;
  /** When the longest-waiting due job became due (how far behind the calendars are); `null`: none due. */
  readonly oldestDueAt: Date | null;
}

export interface SyncOutbox {
  /** Leases up to `limit` due jobs for `leaseSeconds` (default 60); a lease that runs out frees the job. */
  claimSyncJobs(limit: number, leaseSeconds?: number): ResultAsync<OutboxJob[], StoreUnavailable>;
  /** Deletes the job; `false` when it was already gone. */
  completeSyncJob(jobId: number): ResultAsync<boolean, StoreUnavailable>;
  /** Records the failure; the answer is when the job is due again (`null`: no such job). */
  failSyncJob(jobId: number, error: string): ResultAsync<Date | null, StoreUnavailable>;
  /** Parks the job with its reason: it is not claimed again until `requeueSyncJobs`. `false`: no such job. */
  parkSyncJob(jobId: number, reason: string): ResultAsync<boolean, StoreUnavailable>;
  /** Makes every parked job of the org due now, with a fresh backoff; answers how many. */
  requeueSyncJobs(orgId: OrgId): ResultAsync<number, StoreUnavailable>;
  /** Counts for readiness and metrics. */
  outboxSummary(): ResultAsync<OutboxSummary, StoreUnavailable>;
}

export function decodeJobs(v: unknown): OutboxJob[] {
  if (!Array.isArray(v)) throw new Error("expected an array of jobs");
  return v as OutboxJob[];
}

export function decodeSummary(v: Record<string, unknown>): OutboxSummary {
  const count = (n: unknown) => {
    if (typeof n !== "number") throw new Error("expected a count");
    return n;
  };
  return {
    due: count(v.due),
    scheduled: count(v.scheduled),
    parked: count(v.parked),
    oldestDueAt: typeof v.oldestDueAt === "string" ? new Date(v.oldestDueAt) : null,
  };
}
