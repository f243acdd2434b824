/**
 * @module drills/calendar-outage
 * The calendar outage and flakiness drill: the service (its own process, on an embedded Postgres)
 * with a clinic linked to the Google emulator books through four phases: Google healthy, Google
 * down, Google hanging (every insert answered after `hangMs`, far past the inline budget), Google
 * flaky (a seeded share of requests failing: 500, rate limits, "landed then 500", slow). Every
 * booking succeeds, the ones the calendar could not take answered `calendarSynced: false` without
 * waiting for it; then, Google healthy again, one pass of the outbox worker (`pnpm worker`, its
 * own process) leaves every appointment with exactly one event, synced, and no job behind.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Faults, GoogleEmulator } from "@voxanne/adapter-google/testing";
import type { SqlClient } from "@voxanne/adapter-supabase";
import { type Booking, bookingSequence } from "../bench/bookings.ts";
import type { Running } from "../test/support/live-server.ts";
import { googleEnv, linkClinic } from "./google-link.ts";
import { integrityChecks, readIntegrity } from "./integrity.ts";
import { drillClinic, serviceEnv, startService, startWorker, stopService } from "./service.ts";
import { postgresStore } from "./stores.ts";
import { bookedIds, sendBooking, serverErrors, type ToolAnswer } from "./tool-answers.ts";
import { type Check, type Verdict, verdict } from "./verdict.ts";

export interface CalendarSizes {
  /** Callers booking at once. */
  readonly lanes: number;
  /** Bookings in each phase. */
  readonly bookingsPerPhase: number;
  /** How long a hanging Google takes to answer an insert. */
  readonly hangMs: number;
}

interface Timed {
  readonly phase: string;
  readonly answer: ToolAnswer;
  readonly ms: number;
}

async function phase(running: Running, next: () => Booking, name: string, sizes: CalendarSizes): Promise<Timed[]> {
  const out: Timed[] = [];
  let left = sizes.bookingsPerPhase;
  const lane = async () => {
    while (left-- > 0) {
      const t = performance.now();
      const answer = await sendBooking(running.url, next());
      out.push({ phase: name, answer, ms: performance.now() - t });
    }
  };
  await Promise.all(Array.from({ length: sizes.lanes }, lane));
  return out;
}

const SYNC_STATE = `select count(*) filter (where calendar_sync = 'synced')::int as synced,
  (select count(*)::int from calendar_sync_jobs) as jobs from appointments`;

/** Polls until every appointment is synced and no job is left, or `deadlineMs` passes. */
async function converged(
  sql: SqlClient,
  expected: number,
  deadlineMs: number,
): Promise<{ synced: number; jobs: number }> {
  const until = performance.now() + deadlineMs;
  for (;;) {
    const [s] = await sql.query<{ synced: number; jobs: number }>(SYNC_STATE);
    const state = s ?? { synced: -1, jobs: -1 };
    if ((state.synced === expected && state.jobs === 0) || performance.now() > until) return state;
    await sleep(200);
  }
}

function phaseChecks(timed: readonly Timed[], hangMs: number): Check[] {
  const of = (p: string) => timed.filter((t) => t.phase === p);
  const unsyncedIn = (p: string) => of(p).every((t) => t.answer.calendarSynced === false);
  const slowestHang = Math.max(...of("hanging").map((t) => t.ms));
  return [
    [
      `every booking succeeded (${timed.filter((t) => !t.answer.booked).length} did not)`,
      timed.every((t) => t.answer.booked),
    ],
    // Within the inline budget on a loaded machine is a figure (syncedInline), not a promise: one is enough here.
    ["with Google healthy, bookings reach the calendar inline", of("healthy").some((t) => t.answer.calendarSynced)],
    ["with Google down, bookings answer calendarSynced false", unsyncedIn("down")],
    ["with Google hanging, bookings answer calendarSynced false", unsyncedIn("hanging")],
    [`…without waiting for it (slowest ${Math.round(slowestHang)} ms)`, slowestHang < hangMs],
  ];
}

export async function calendarOutageDrill(sizes: CalendarSizes): Promise<Verdict> {
  const started = performance.now();
  const google = await GoogleEmulator.start();
  const store = await postgresStore();
  const env = serviceEnv(store.env, googleEnv(google));
  const running = await startService(env);
  let worker: Running | null = null;
  try {
    const clinic = await drillClinic(running, "asst_drill_calendar");
    await linkClinic(running, clinic.orgId);
    const next = bookingSequence([clinic], "calendar");
    const timed = await phase(running, next, "healthy", sizes);
    await google.stop();
    timed.push(...(await phase(running, next, "down", sizes)));
    await google.restart();
    google.failRandomly({ rate: 1, seed: 1, faults: [Faults.slow(sizes.hangMs)], kinds: ["insert"] });
    timed.push(...(await phase(running, next, "hanging", sizes)));
    const flaky = [Faults.serverError, Faults.rateLimit, Faults.tooManyRequests, Faults.landThen500, Faults.slow(1000)];
    google.failRandomly({ rate: 0.5, seed: 15, faults: flaky });
    timed.push(...(await phase(running, next, "flaky", sizes)));
    google.heal();
    const answers = timed.map((t) => t.answer);
    const acknowledged = bookedIds(answers);
    worker = await startWorker({ ...env, WORKER_ENABLED: "true", WORKER_INTERVAL_MS: "200" });
    const state = await store.read((sql) => converged(sql, acknowledged.length, 30_000 + sizes.hangMs));
    const events = google.calendars.allEvents();
    const eventIds = new Set(acknowledged.map((id) => id.replaceAll("-", "")));
    const oneEach = acknowledged.filter((id) => events.filter((e) => e.id === id.replaceAll("-", "")).length === 1);
    const integrity = await store.read((sql) => readIntegrity(sql, acknowledged));
    return verdict(
      "calendar outage and flakiness (postgres, Google emulator)",
      started,
      {
        bookings: answers.length,
        acknowledged: acknowledged.length,
        syncedInline: answers.filter((a) => a.calendarSynced === true).length,
        healthySyncedInline: `${timed.filter((t) => t.phase === "healthy" && t.answer.calendarSynced).length} of ${timed.filter((t) => t.phase === "healthy").length}`,
        syncedAfterWorker: state.synced,
        jobsLeft: state.jobs,
        events: events.length,
        slowestAnswerMs: Math.round(Math.max(...timed.map((t) => t.ms))),
      },
      [
        [`no 5xx (${serverErrors(answers)})`, serverErrors(answers) === 0],
        ...phaseChecks(timed, sizes.hangMs),
        [
          `after the worker every appointment is synced (${state.synced} of ${acknowledged.length})`,
          state.synced === acknowledged.length,
        ],
        [`no calendar job is left (${state.jobs})`, state.jobs === 0],
        [
          `every appointment has exactly one event (${oneEach.length} of ${acknowledged.length})`,
          oneEach.length === acknowledged.length,
        ],
        [`no event without its appointment (${events.length} events)`, events.every((e) => eventIds.has(e.id))],
        ...integrityChecks(integrity, acknowledged.length),
      ],
    );
  } finally {
    if (worker !== null) await stopService(worker);
    await stopService(running);
    await store.close();
    await google.stop();
  }
}
