/**
 * @module worker/calendar-sync-worker
 * The outbox worker: claims due calendar-sync jobs (leased, so several workers never hold one),
 * makes the calendar show each appointment as it is now, and completes the job; a transient
 * failure is retried later with backoff, a link that needs the clinic (not linked, reconnect
 * required) parks the job until the clinic reconnects, never retried in a loop. Event ids are
 * derived from appointment ids, so a job run twice still leaves one event.
 */
import type { OutboxJob, SyncOutbox } from "@voxanne/adapter-supabase";
import {
  type BookingDeps,
  type CalendarGateway,
  type CalendarOutcome,
  type DomainError,
  syncInline,
} from "@voxanne/domain";
import { okAsync, type Result, type ResultAsync } from "neverthrow";
import type { Logger } from "../observability/logger.ts";
import type { Metrics } from "../observability/metrics.ts";

/** The part of the outbox the worker drives. */
export type WorkerOutbox = Pick<SyncOutbox, "claimSyncJobs" | "completeSyncJob" | "failSyncJob" | "parkSyncJob">;

export interface WorkerOptions {
  readonly outbox: WorkerOutbox;
  readonly deps: BookingDeps & { readonly calendar: CalendarGateway };
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

type JobOutcome = "synced" | "retried" | "parked";

const PERMANENT = new Set(["CALENDAR_NOT_LINKED", "CALENDAR_REAUTH_REQUIRED"]);

export class CalendarSyncWorker {
  private readonly options: WorkerOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<RunReport> | null = null;
  private stopped = true;

  constructor(options: WorkerOptions) {
    this.options = options;
  }

  /** One pass over the jobs due now. */
  runOnce(): Promise<RunReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      void this.runOnce().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops scheduling and waits for the pass in progress (a graceful shutdown drains it). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<RunReport> {
    const { outbox, logger } = this.options;
    const claimed = await outbox.claimSyncJobs(this.options.batchSize ?? 20, 120);
    if (claimed.isErr()) {
      logger.warn({ outcome: claimed.error.code }, "calendar worker could not claim jobs");
      return { synced: 0, retried: 0, parked: 0 };
    }
    const counts = { synced: 0, retried: 0, parked: 0 };
    for (const job of claimed.value) counts[await this.sync(job)] += 1;
    return counts;
  }

  private async sync(job: OutboxJob): Promise<JobOutcome> {
    const { outbox, logger, metrics } = this.options;
    const { outcome, reason } = classify(await this.write(job));
    if (outcome === "synced") await outbox.completeSyncJob(job.id);
    else if (outcome === "parked") await outbox.parkSyncJob(job.id, reason ?? "");
    else await outbox.failSyncJob(job.id, reason ?? "");
    metrics.calendarSyncs.inc({ via: "worker", outcome: reason === null ? "synced" : reason.toLowerCase() });
    const log = logger.child({ jobId: job.id, orgId: job.orgId, appointmentId: job.appointmentId });
    log[outcome === "synced" ? "info" : "warn"]({ outcome, reason, attempts: job.attempts }, "calendar sync job");
    return outcome;
  }

  /** Makes the calendar show the appointment as it is now. */
  private write(job: OutboxJob): ResultAsync<CalendarOutcome, DomainError> {
    const { deps, budgetMs } = this.options;
    const workerDeps: BookingDeps = { ...deps, calendarBudgetMs: budgetMs };
    return deps.clinics
      .getClinic(job.orgId)
      .andThen((settings) =>
        deps.store
          .getAppointment(settings.orgId, job.appointmentId)
          .andThen((appointment) =>
            (appointment.contactId === null
              ? okAsync(null)
              : deps.store.getContact(settings.orgId, appointment.contactId)
            ).andThen((contact) => syncInline(workerDeps, settings, appointment, contact)),
          ),
      );
  }
}

/** Done, later, or parked until the clinic acts; `reason` is the code when not done. */
function classify(attempt: Result<CalendarOutcome, DomainError>): { outcome: JobOutcome; reason: string | null } {
  if (attempt.isErr()) {
    // The appointment or clinic is gone: there is nothing left to show in the calendar.
    if (attempt.error.code === "APPOINTMENT_NOT_FOUND" || attempt.error.code === "UNKNOWN_ORG") {
      return { outcome: "synced", reason: null };
    }
    return { outcome: "retried", reason: attempt.error.code };
  }
  if (attempt.value.calendarSynced) return { outcome: "synced", reason: null };
  const reason = attempt.value.calendarError ?? "CALENDAR_UNAVAILABLE";
  return { outcome: PERMANENT.has(reason) ? "parked" : "retried", reason };
}
