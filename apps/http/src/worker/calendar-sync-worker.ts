/**
 * @module worker/calendar-sync-worker
 * The outbox worker's timer and loop: every interval it claims a batch of due calendar-sync jobs
 * and hands each to the domain's `syncCalendarJob` (which decides synced / retried / parked),
 * then logs and counts what happened. Stopping drains the pass in progress.
 */
import { type CalendarGateway, type ClaimedSyncJob, type SyncOutbox, syncCalendarJob } from "@voxanne/domain";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";
import { PeriodicPass } from "./periodic-pass.ts";

export interface WorkerOptions {
  readonly outbox: SyncOutbox;
  readonly calendar: CalendarGateway;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly intervalMs: number;
  /** Time allowed per calendar call, retries included (more than a voice turn's). */
  readonly budgetMs: number;
  readonly batchSize?: number;
}

export interface RunReport {
  readonly synced: number;
  readonly retried: number;
  readonly parked: number;
}

/** How long a claimed job stays leased to this worker. */
const LEASE_SECONDS = 120;

export class CalendarSyncWorker {
  private readonly options: WorkerOptions;
  private readonly loop: PeriodicPass<RunReport>;

  constructor(options: WorkerOptions) {
    this.options = options;
    this.loop = new PeriodicPass(() => this.pass(), options.intervalMs);
  }

  /** One pass over the jobs due now. */
  runOnce(): Promise<RunReport> {
    return this.loop.runOnce();
  }

  start(): void {
    this.loop.start();
  }

  /** Stops scheduling and waits for the pass in progress (a graceful shutdown drains it). */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async pass(): Promise<RunReport> {
    const { outbox, logger } = this.options;
    const counts = { synced: 0, retried: 0, parked: 0 };
    const claimed = await outbox.claim(this.options.batchSize ?? 20, LEASE_SECONDS);
    if (claimed.isErr()) {
      logger.warn({ outcome: claimed.error.code, cause: claimed.error.cause }, "calendar worker could not claim jobs");
      return counts;
    }
    for (const job of claimed.value) {
      const outcome = await this.sync(job);
      if (outcome !== null) counts[outcome] += 1;
    }
    return counts;
  }

  /** The job's outcome, or `null` when the store could not record it (its lease runs out; it comes back). */
  private async sync(job: ClaimedSyncJob): Promise<keyof RunReport | null> {
    const { logger, metrics, outbox, calendar, budgetMs } = this.options;
    const log = logger.child({ jobId: job.id, orgId: job.orgId, appointmentId: job.appointmentId });
    const result = await syncCalendarJob({ outbox, calendar, budgetMs }, job);
    if (result.isErr()) {
      log.warn({ outcome: result.error.code, cause: result.error.cause }, "calendar sync job not recorded");
      return null;
    }
    const { outcome, reason } = result.value;
    metrics.calendarSyncs.inc({ via: "worker", outcome: reason === null ? "synced" : reason.toLowerCase() });
    log[outcome === "synced" ? "info" : "warn"]({ outcome, reason, attempts: job.attempts }, "calendar sync job");
    return outcome;
  }
}
