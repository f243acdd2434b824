/**
 * @module worker/notification-worker
 * The notification outbox worker's timer and loop: every interval it claims a batch of due
 * notification jobs and hands each to the domain's `sendNotification` (which decides sent,
 * reconciled, retried or dropped), then counts the outcome by channel and kind and logs it, the
 * recipient masked. Stopping drains the pass in progress. It runs whether or not a provider is
 * configured: a channel without one drops its jobs (`CHANNEL_OFF`), so nothing piles up.
 */
import { type ClaimedNotification, type SendNotificationDeps, sendNotification } from "@voxanne/domain";
import { maskRecipient } from "../notifications/mask.ts";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import { PeriodicPass } from "./periodic-pass.ts";

export interface NotificationWorkerOptions {
  readonly deps: SendNotificationDeps;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly intervalMs: number;
  readonly batchSize?: number;
}

/** How long a claimed job stays leased to this worker (longer than a send with its retries). */
const LEASE_SECONDS = 120;

export class NotificationWorker {
  private readonly options: NotificationWorkerOptions;
  private readonly loop: PeriodicPass<number>;

  constructor(options: NotificationWorkerOptions) {
    this.options = options;
    this.loop = new PeriodicPass(() => this.pass(), options.intervalMs);
  }

  /** One pass over the jobs due now. */
  runOnce(): Promise<number> {
    return this.loop.runOnce();
  }

  /** Passes until one finds nothing due (tests, and the end of a drain). */
  async drain(maxPasses = 50): Promise<void> {
    for (let i = 0; i < maxPasses; i++) if ((await this.runOnce()) === 0) return;
  }

  start(): void {
    this.loop.start();
  }

  /** Stops scheduling and waits for the pass in progress (a graceful shutdown drains it). */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async pass(): Promise<number> {
    const { deps, logger } = this.options;
    const claimed = await deps.outbox.claim(this.options.batchSize ?? 20, LEASE_SECONDS);
    if (claimed.isErr()) {
      logger.warn(
        { outcome: claimed.error.code, cause: claimed.error.cause },
        "notification worker could not claim jobs",
      );
      return 0;
    }
    for (const job of claimed.value) await this.send(job);
    return claimed.value.length;
  }

  private async send(job: ClaimedNotification): Promise<void> {
    const { deps, logger, metrics } = this.options;
    const to = job.channel === "sms" ? job.contact?.phone : job.contact?.email;
    const log = logger.child({
      jobId: job.id,
      orgId: job.orgId,
      appointmentId: job.appointmentId,
      channel: job.channel,
      kind: job.kind,
      to: to === null || to === undefined ? null : maskRecipient(to),
    });
    const result = await sendNotification(deps, job);
    if (result.isErr()) {
      log.warn({ outcome: result.error.code, cause: result.error.cause }, "notification job not recorded");
      return;
    }
    const { outcome, reason } = result.value;
    metrics.notifications.inc({
      channel: job.channel,
      kind: job.kind,
      outcome: reason === null ? outcome : reason.toLowerCase(),
    });
    const level = outcome === "retried" ? "warn" : "info";
    log[level]({ outcome, reason, attempts: job.attempts }, "notification job");
  }
}
