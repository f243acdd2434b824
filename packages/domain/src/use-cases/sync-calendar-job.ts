/**
 * @module use-cases/sync-calendar-job
 * What the outbox worker does with one claimed job: make the calendar show the appointment as
 * it is now, then complete the job (recording the synced version), retry it later, or park it.
 * The policy: a calendar the clinic must act on (not linked, reconnect required) parks the job
 * until the clinic reconnects (`linkCalendar` resumes it), never retried in a loop; any other
 * calendar failure is retried with backoff; an appointment or clinic that no longer exists, or an
 * appointment already in step, leaves nothing to write and completes the job. Two store calls per
 * job: the claim (which brought the appointment, contact and clinic) and this one.
 */
import { ResultAsync } from "neverthrow";
import type { CalendarError, ErrorCode, StoreUnavailable } from "../errors/domain-error.ts";
import type { CalendarGateway } from "../ports/calendar-gateway.port.ts";
import type { ClaimedSyncJob, SyncOutbox } from "../ports/sync-outbox.port.ts";
import { type WrittenEvent, writeToCalendar } from "./calendar-sync.ts";

export interface SyncJobDeps {
  readonly outbox: SyncOutbox;
  readonly calendar: CalendarGateway;
  /** Time allowed per calendar call, retries included (a worker can wait longer than a voice turn). */
  readonly budgetMs: number;
}

export type SyncJobOutcome =
  /** The calendar shows the appointment (or there was nothing to show); the job is done. */
  | { readonly outcome: "synced"; readonly reason: null }
  /** A transient calendar failure: the job comes back after its backoff. */
  | { readonly outcome: "retried"; readonly reason: ErrorCode }
  /** The clinic must reconnect its calendar: the job waits until it does. */
  | { readonly outcome: "parked"; readonly reason: ErrorCode };

/** Calendar failures only the clinic can end: retrying them would loop for ever. */
const NEEDS_THE_CLINIC: ReadonlySet<ErrorCode> = new Set(["CALENDAR_NOT_LINKED", "CALENDAR_REAUTH_REQUIRED"]);

export function syncCalendarJob(deps: SyncJobDeps, job: ClaimedSyncJob): ResultAsync<SyncJobOutcome, StoreUnavailable> {
  const { appointment, clinic } = job;
  if (appointment === null || clinic === null || appointment.calendarSync === "synced") {
    return completeJob(deps, job, null);
  }
  const written = writeToCalendar(deps.calendar, clinic, appointment, job.contact, deps.budgetMs);
  return ResultAsync.fromSafePromise(Promise.resolve(written)).andThen((attempt) =>
    attempt.match(
      (written) => completeJob(deps, job, written),
      (error) => settleFailure(deps, job, error),
    ),
  );
}

function completeJob(
  deps: SyncJobDeps,
  job: ClaimedSyncJob,
  written: WrittenEvent | null,
): ResultAsync<SyncJobOutcome, StoreUnavailable> {
  const version = job.appointment?.version ?? job.version;
  const synced = written === null ? null : { version, ...written };
  return deps.outbox.complete(job.id, synced).map((): SyncJobOutcome => ({ outcome: "synced", reason: null }));
}

function settleFailure(
  deps: SyncJobDeps,
  job: ClaimedSyncJob,
  error: CalendarError,
): ResultAsync<SyncJobOutcome, StoreUnavailable> {
  const reason = error.code;
  if (NEEDS_THE_CLINIC.has(reason)) {
    return deps.outbox.park(job.id, reason).map((): SyncJobOutcome => ({ outcome: "parked", reason }));
  }
  return deps.outbox.fail(job.id, reason).map((): SyncJobOutcome => ({ outcome: "retried", reason }));
}
