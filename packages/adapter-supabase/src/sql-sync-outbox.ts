/**
 * @module sql-sync-outbox
 * The domain's `SyncOutbox` over the outbox functions (supabase/schemas: outbox). Claiming
 * leases due jobs (`FOR UPDATE SKIP LOCKED`: several workers never hold one job) and reads each
 * job's appointment, contact and clinic in the same statement; completing records what the
 * calendar now shows and drops the job in one transaction.
 */
import {
  type ClaimedSyncJob,
  isUuid,
  type OrgId,
  type OutboxSummary,
  type StoreUnavailable,
  type SyncedVersion,
  type SyncOutbox,
} from "@voxanne/domain";
import { okAsync, type ResultAsync } from "neverthrow";
import { z } from "zod";
import { claimedJob, instant, outboxSummary } from "./answer-shapes.ts";
import { SqlFunctions } from "./function-call.ts";
import type { RpcCaller } from "./rpc.ts";

const completed = z.object({ completed: z.boolean() }).transform((a) => a.completed);
const parked = z.object({ parked: z.boolean() }).transform((a) => a.parked);
const requeued = z.object({ requeued: z.int().nonnegative() }).transform((a) => a.requeued);
/** When the failed job is due again, or `null` when there was no such job (`{"error": "JOB_NOT_FOUND"}`). */
const failed = z.union([
  z.object({ nextAttemptAt: instant }).transform((a) => a.nextAttemptAt),
  z.object({ error: z.literal("JOB_NOT_FOUND") }).transform(() => null),
]);

export class SqlSyncOutbox implements SyncOutbox {
  private readonly functions: SqlFunctions;

  constructor(rpc: RpcCaller) {
    this.functions = new SqlFunctions(rpc);
  }

  claim(limit: number, leaseSeconds: number): ResultAsync<ClaimedSyncJob[], StoreUnavailable> {
    return this.functions.call(
      "claim_sync_jobs",
      { p_limit: limit, p_lease_seconds: leaseSeconds },
      z.array(claimedJob),
    );
  }

  complete(jobId: number, synced: SyncedVersion | null): ResultAsync<boolean, StoreUnavailable> {
    if (!Number.isSafeInteger(jobId)) return okAsync(false);
    return this.functions.call(
      "complete_sync_job",
      {
        p_job_id: jobId,
        p_version: synced?.version ?? null,
        p_event_id: synced?.eventId ?? null,
        p_calendar_id: synced?.calendarId ?? null,
      },
      completed,
    );
  }

  fail(jobId: number, error: string): ResultAsync<Date | null, StoreUnavailable> {
    if (!Number.isSafeInteger(jobId)) return okAsync(null);
    return this.functions.answer("fail_sync_job", { p_job_id: jobId, p_error: error }, failed);
  }

  park(jobId: number, reason: string): ResultAsync<boolean, StoreUnavailable> {
    if (!Number.isSafeInteger(jobId)) return okAsync(false);
    return this.functions.call("park_sync_job", { p_job_id: jobId, p_reason: reason }, parked);
  }

  requeue(orgId: OrgId): ResultAsync<number, StoreUnavailable> {
    if (!isUuid(orgId)) return okAsync(0);
    return this.functions.call("requeue_sync_jobs", { p_org_id: orgId }, requeued);
  }

  summary(): ResultAsync<OutboxSummary, StoreUnavailable> {
    return this.functions.call("outbox_summary", {}, outboxSummary);
  }
}
