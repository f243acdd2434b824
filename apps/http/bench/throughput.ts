/**
 * @module bench/throughput
 * Bookings per second and latency of `POST /api/vapi/tools` on the live service at each
 * concurrency, for one clinic and for many, beside the limit: the same number of bookings as
 * direct SQL function calls at the same concurrency on a database of the same kind. The HTTP and
 * direct runs alternate; medians over the runs; the service's peak RSS during each concurrency's
 * HTTP runs (the peak is reset before them).
 */
import { type Booking, bookingSequence } from "./bookings.ts";
import { createClinics } from "./clinics.ts";
import { directLoad, httpLoad, type LoadRun } from "./load.ts";
import type { BenchSizes } from "./sizes.ts";
import { median } from "./stats.ts";
import type { Target } from "./targets.ts";

export interface ThroughputRow {
  readonly backend: string;
  readonly clinics: number;
  readonly concurrency: number;
  readonly http: LoadRun;
  readonly direct: LoadRun;
  /** HTTP bookings/s over direct bookings/s. */
  readonly ratio: number;
  /** The service's peak resident set so far (this concurrency and every one before it), MB. */
  readonly peakRssMb: number | null;
}

/** The run whose every figure is the median of that figure over `runs`. */
export function medianRun(runs: readonly LoadRun[]): LoadRun {
  const m = (f: (r: LoadRun) => number) => median(runs.map(f));
  return {
    concurrency: runs[0]?.concurrency ?? 0,
    booked: m((r) => r.booked),
    failed: m((r) => r.failed),
    seconds: m((r) => r.seconds),
    bookingsPerSecond: m((r) => r.bookingsPerSecond),
    latencyMs: { p50: m((r) => r.latencyMs.p50), p95: m((r) => r.latencyMs.p95), p99: m((r) => r.latencyMs.p99) },
  };
}

/**
 * `runs` HTTP runs and `runs` direct runs, taken in turn (HTTP, direct, HTTP, …), so that a slow
 * spell of the machine or the database's growth falls on both sides alike; the median of each.
 */
async function alternated(
  runs: number,
  http: () => Promise<LoadRun>,
  direct: () => Promise<LoadRun>,
): Promise<{ http: LoadRun; direct: LoadRun }> {
  const ours: LoadRun[] = [];
  const limit: LoadRun[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(await http());
    limit.push(await direct());
  }
  return { http: medianRun(ours), direct: medianRun(limit) };
}

async function sequences(target: Target, clinics: number): Promise<{ http: () => Booking; direct: () => Booking }> {
  const [app, local] = await Promise.all([
    createClinics(target.app.request, `http${clinics}`, clinics),
    createClinics(target.local.request, `direct${clinics}`, clinics),
  ]);
  return { http: bookingSequence(app, "http"), direct: bookingSequence(local, "direct") };
}

export async function measureThroughput(
  target: Target,
  sizes: BenchSizes,
  log: (line: string) => void,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const clinics of [...new Set([1, sizes.clinics])]) {
    const next = await sequences(target, clinics);
    const warmUp = Math.min(50, sizes.requests);
    await httpLoad(target.app.url, next.http, 8, warmUp);
    await directLoad(target.local.sql, next.direct, 8, warmUp);
    for (const c of sizes.concurrency) {
      // The service is idle during the direct runs: its peak is the HTTP runs'.
      target.app.resetPeakRss();
      const { http, direct } = await alternated(
        sizes.runs,
        () => httpLoad(target.app.url, next.http, c, sizes.requests),
        () => directLoad(target.local.sql, next.direct, c, sizes.requests),
      );
      const peakRssMb = target.app.peakRssMb();
      const row = {
        backend: target.name,
        clinics,
        concurrency: c,
        http,
        direct,
        ratio: http.bookingsPerSecond / direct.bookingsPerSecond,
        peakRssMb,
      };
      log(
        `${target.name} ${clinics} clinic(s) c=${c}: ${row.http.bookingsPerSecond.toFixed(0)}/s vs ${row.direct.bookingsPerSecond.toFixed(0)}/s`,
      );
      rows.push(row);
    }
  }
  return rows;
}
