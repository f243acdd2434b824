/**
 * @module sync-outbox
 * The calendar-sync outbox as the worker sees it: claim due jobs (leased, `FOR UPDATE SKIP
 * LOCKED`, so several workers never hold one job), complete them, or fail them for a later,
 * exponentially backed-off, jittered attempt.
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

export interface SyncOutbox {
  claimSyncJobs(limit: number, leaseSeconds?: number): ResultAsync<OutboxJob[], StoreUnavailable>;
  completeSyncJob(jobId: number): ResultAsync<boolean, StoreUnavailable>;
  /** Records the failure; the answer is when the job is due again (`null`: no such job). */
  failSyncJob(jobId: number, error: string): ResultAsync<Date | null, StoreUnavailable>;
}

export function decodeJobs(v: unknown): OutboxJob[] {
  if (!Array.isArray(v)) throw new Error("expected an array of jobs");
  return v as OutboxJob[];
}
