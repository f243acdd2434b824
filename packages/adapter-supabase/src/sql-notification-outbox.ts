/**
 * @module sql-notification-outbox
 * The domain's `NotificationOutbox` over the notification functions (supabase/schemas:
 * notifications). Jobs are queued by the trigger on `appointments`, in the change's transaction;
 * claiming leases due jobs (`FOR UPDATE SKIP LOCKED`) and reads each one's appointment, contact,
 * clinic, settings and opt-out in the same statement.
 */
import {
  type Channel,
  type ClaimedNotification,
  type DropReason,
  isUuid,
  type NotificationJob,
  type NotificationOutbox,
  type NotificationSummary,
  type OrgId,
  type StoreUnavailable,
} from "@voxanne/domain";
import { okAsync, type ResultAsync } from "neverthrow";
import { z } from "zod";
import { instant } from "./answer-shapes.ts";
import { SqlFunctions } from "./function-call.ts";
import { claimedNotification, notificationJob, notificationSummary } from "./notification-shapes.ts";
import type { RpcCaller } from "./rpc.ts";

const flag = <K extends string>(key: K) => z.object({ [key]: z.boolean() }).transform((a) => a[key] === true);
const failed = z.union([
  z.object({ nextAttemptAt: instant }).transform((a) => a.nextAttemptAt),
  z.object({ error: z.literal("JOB_NOT_FOUND") }).transform(() => null),
]);

export class SqlNotificationOutbox implements NotificationOutbox {
  private readonly functions: SqlFunctions;

  constructor(rpc: RpcCaller) {
    this.functions = new SqlFunctions(rpc);
  }

  claim(limit: number, leaseSeconds: number): ResultAsync<ClaimedNotification[], StoreUnavailable> {
    const args = { p_limit: limit, p_lease_seconds: leaseSeconds };
    return this.functions.call("claim_notification_jobs", args, z.array(claimedNotification));
  }

  prepare(jobId: number, to: string, body: string): ResultAsync<boolean, StoreUnavailable> {
    if (!Number.isSafeInteger(jobId)) return okAsync(false);
    const args = { p_job_id: jobId, p_to: to, p_body: body };
    return this.functions.call("prepare_notification_job", args, flag("prepared"));
  }

  complete(jobId: number, providerId: string): ResultAsync<boolean, StoreUnavailable> {
    return this.settle(jobId, "sent", providerId, null);
  }

  fail(jobId: number, error: string): ResultAsync<Date | null, StoreUnavailable> {
    if (!Number.isSafeInteger(jobId)) return okAsync(null);
    return this.functions.answer("fail_notification_job", { p_job_id: jobId, p_error: error }, failed);
  }

  drop(jobId: number, reason: DropReason): ResultAsync<boolean, StoreUnavailable> {
    return this.settle(jobId, "dropped", null, reason);
  }

  recordDelivery(channel: Channel, providerId: string, status: string): ResultAsync<boolean, StoreUnavailable> {
    const args = { p_channel: channel, p_provider_id: providerId, p_status: status };
    return this.functions.call("record_notification_delivery", args, flag("recorded"));
  }

  pendingFor(orgId: OrgId, appointmentId: string): ResultAsync<NotificationJob[], StoreUnavailable> {
    if (!isUuid(orgId) || !isUuid(appointmentId)) return okAsync([]);
    const args = { p_org_id: orgId, p_appointment_id: appointmentId };
    return this.functions.call("pending_notifications", args, z.array(notificationJob));
  }

  summary(): ResultAsync<NotificationSummary, StoreUnavailable> {
    return this.functions.call("notification_summary", {}, notificationSummary);
  }

  private settle(
    jobId: number,
    state: "sent" | "dropped",
    providerId: string | null,
    outcome: string | null,
  ): ResultAsync<boolean, StoreUnavailable> {
    if (!Number.isSafeInteger(jobId)) return okAsync(false);
    const args = { p_job_id: jobId, p_state: state, p_provider_id: providerId, p_outcome: outcome };
    return this.functions.call("settle_notification_job", args, flag("settled"));
  }
}
