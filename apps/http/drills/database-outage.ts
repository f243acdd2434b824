/**
 * @module drills/database-outage
 * The database outage drill: the service (its own process) books on an embedded Postgres under
 * load; the Postgres server is stopped for `outageMs` and started again on the same data, while
 * the load goes on. Every request answered while the database was down is an HTTP 200 with a
 * speakable STORE_UNAVAILABLE ("please try again"); no answer is a 5xx or missing; the service
 * books again by itself (no restart) once the database is back; and what it acknowledged is there.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { bookingSequence } from "../bench/bookings.ts";
import { integrityChecks, readIntegrity } from "./integrity.ts";
import { drillClinic, serviceEnv, startService, stopService } from "./service.ts";
import { postgresStore } from "./stores.ts";
import { bookedIds, sendBooking, serverErrors, type ToolAnswer } from "./tool-answers.ts";
import { type Verdict, verdict } from "./verdict.ts";

export interface OutageSizes {
  /** Callers booking at once. */
  readonly lanes: number;
  /** How long the database stays down. */
  readonly outageMs: number;
  /** Bookings acknowledged before the outage, and again after it, before the drill stops. */
  readonly bookingsAround: number;
}

interface Timed {
  readonly answer: ToolAnswer;
  readonly sentAt: number;
  readonly answeredAt: number;
}

/** When the database was down: from before it was stopped to after it was started again. */
interface Window {
  downFrom: number;
  downUntil: number;
  upAt: number;
}

const SPEAKABLE_RETRY = /try again/i;

export async function databaseOutageDrill(sizes: OutageSizes): Promise<Verdict> {
  const started = performance.now();
  const store = await postgresStore();
  const running = await startService(serviceEnv(store.env));
  const timed: Timed[] = [];
  const w: Window = { downFrom: Number.POSITIVE_INFINITY, downUntil: Number.POSITIVE_INFINITY, upAt: Number.NaN };
  let bookedBefore = 0;
  let bookedAfter = 0;
  try {
    const next = bookingSequence([await drillClinic(running, "asst_drill_outage")], "outage");
    const lane = async () => {
      while (bookedAfter < sizes.bookingsAround) {
        const sentAt = performance.now();
        const answer = await sendBooking(running.url, next());
        const answeredAt = performance.now();
        timed.push({ answer, sentAt, answeredAt });
        if (answer.booked && answeredAt < w.downFrom) bookedBefore++;
        if (answer.booked && sentAt > w.downUntil) bookedAfter++;
        if (answer.status === 0) await sleep(50);
      }
    };
    const outage = async () => {
      while (bookedBefore < sizes.bookingsAround) await sleep(20);
      w.downFrom = performance.now();
      await store.pause();
      await sleep(sizes.outageMs);
      w.downUntil = performance.now();
      await store.resume();
      w.upAt = performance.now();
    };
    await Promise.all([outage(), ...Array.from({ length: sizes.lanes }, lane)]);
    const alive = running.child.exitCode === null && running.child.signalCode === null;
    await stopService(running);
    const answers = timed.map((t) => t.answer);
    const acknowledged = bookedIds(answers);
    const integrity = await store.read((sql) => readIntegrity(sql, acknowledged));
    const down = timed.filter((t) => t.sentAt > w.downFrom + 200 && t.answeredAt < w.downUntil);
    const refusedWell = down.filter(
      (t) =>
        t.answer.status === 200 &&
        t.answer.code === "STORE_UNAVAILABLE" &&
        SPEAKABLE_RETRY.test(t.answer.message ?? ""),
    );
    const firstBack = timed.find((t) => t.sentAt > w.upAt && t.answer.booked);
    const codes = new Set(answers.flatMap((a) => (a.code === null ? [] : [a.code])));
    return verdict(
      "database outage (postgres)",
      started,
      {
        requests: answers.length,
        acknowledged: acknowledged.length,
        answeredDuringOutage: down.length,
        storeUnavailable: answers.filter((a) => a.code === "STORE_UNAVAILABLE").length,
        outageMs: Math.round(w.upAt - w.downFrom),
        recoveryMs: firstBack === undefined ? -1 : Math.round(firstBack.answeredAt - w.upAt),
        codes: [...codes].sort().join(",") || "none",
      },
      [
        [`no 5xx (${serverErrors(answers)})`, serverErrors(answers) === 0],
        [
          `every request was answered with a readable 200 (${answers.filter((a) => a.status !== 200 || a.failure !== null).length} were not)`,
          answers.every((a) => a.status === 200 && a.failure === null),
        ],
        [`requests were answered during the outage (${down.length})`, down.length > 0],
        [
          `every one of them said STORE_UNAVAILABLE, "please try again" (${refusedWell.length} of ${down.length})`,
          refusedWell.length === down.length,
        ],
        [`no INTERNAL_ERROR answer`, !codes.has("INTERNAL_ERROR")],
        ["the service books again by itself once the database is back", firstBack !== undefined],
        ["the service was not restarted (same process throughout)", alive],
        ...integrityChecks(integrity, acknowledged.length),
      ],
    );
  } finally {
    await stopService(running);
    await store.close();
  }
}
