/**
 * @module bench/load
 * One load run, two ways: bookings sent as Vapi tool calls to the live server over loopback by
 * autocannon (`httpLoad`), and the same bookings as direct SQL function calls at the same
 * concurrency (`directLoad`, the limit). Both count answers that booked and time every request.
 */

import type { SqlClient } from "@voxanne/adapter-supabase";
import autocannon from "autocannon";
import { bookDirect } from "./book-direct.ts";
import type { Booking } from "./bookings.ts";
import { type Latency, latencyOf, pool } from "./stats.ts";
import { bookingCall, succeeded, TOOLS_PATH } from "./vapi-bodies.ts";

export interface LoadRun {
  readonly concurrency: number;
  readonly booked: number;
  /** Answers that did not book (refusals, errors, non-2xx, timeouts). */
  readonly failed: number;
  readonly seconds: number;
  readonly bookingsPerSecond: number;
  readonly latencyMs: Latency;
}

const summary = (concurrency: number, booked: number, failed: number, seconds: number, ms: number[]): LoadRun => ({
  concurrency,
  booked,
  failed,
  seconds,
  bookingsPerSecond: booked / seconds,
  latencyMs: latencyOf(ms),
});

/** `amount` bookings from `next` to `url` with `concurrency` connections. */
export function httpLoad(url: string, next: () => Booking, concurrency: number, amount: number): Promise<LoadRun> {
  const ms: number[] = [];
  let booked = 0;
  let failed = 0;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    /** autocannon reports "done" on its next 1-second sample tick: the run ends at its last response. */
    let lastAnswer = started;
    const instance = autocannon(
      {
        url,
        connections: Math.min(concurrency, amount),
        amount,
        timeout: 30,
        sampleInt: 100,
        requests: [
          {
            method: "POST",
            path: TOOLS_PATH,
            headers: { "content-type": "application/json" },
            setupRequest: (req) => ({ ...req, body: JSON.stringify(bookingCall(next())) }),
            onResponse: (status, body) => {
              if (status === 200 && succeeded(body)) booked++;
              else failed++;
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = (lastAnswer - started) / 1000;
        resolve(summary(concurrency, booked, failed + result.errors + result.timeouts, seconds, ms));
      },
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => {
      ms.push(responseTime);
      lastAnswer = performance.now();
    });
  });
}

/** `amount` bookings from `next` through `client`, at most `concurrency` in flight. */
export async function directLoad(
  client: SqlClient,
  next: () => Booking,
  concurrency: number,
  amount: number,
): Promise<LoadRun> {
  const ms: number[] = [];
  let booked = 0;
  let failed = 0;
  const started = performance.now();
  await pool(
    Array.from({ length: amount }, () => next()),
    concurrency,
    async (b) => {
      const t = performance.now();
      const ok = await bookDirect(client, b).catch(() => false);
      ms.push(performance.now() - t);
      // PGlite in process answers without turning the event loop, as a caller over a network
      // would: turn it, or its vacuum/analyze timer (`pglite-autovacuum`) never runs.
      await new Promise<void>((turned) => setImmediate(turned));
      if (ok) booked++;
      else failed++;
    },
  );
  return summary(concurrency, booked, failed, (performance.now() - started) / 1000, ms);
}
