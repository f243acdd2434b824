/**
 * @module bench/report
 * A bench result as Markdown tables (what `pnpm bench` prints) and as JSON under
 * `bench/results/` at the repository root (git-ignored; see its README).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Verdict } from "../drills/verdict.ts";
import type { BenchResult } from "./bench.ts";

const n = (x: number | null, digits = 0) => (x === null || Number.isNaN(x) ? "–" : x.toFixed(digits));
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join(
    "\n",
  );

function throughputTable(r: BenchResult): string {
  return table(
    [
      "store",
      "clinics",
      "c",
      "HTTP bookings/s",
      "HTTP p50/p95/p99 ms",
      "direct SQL bookings/s",
      "direct p50/p95/p99 ms",
      "ratio",
      "failed (HTTP/direct)",
      "peak RSS MB (HTTP runs)",
    ],
    r.throughput.map((t) => [
      t.backend,
      String(t.clinics),
      String(t.concurrency),
      n(t.http.bookingsPerSecond),
      `${n(t.http.latencyMs.p50, 1)} / ${n(t.http.latencyMs.p95, 1)} / ${n(t.http.latencyMs.p99, 1)}`,
      n(t.direct.bookingsPerSecond),
      `${n(t.direct.latencyMs.p50, 1)} / ${n(t.direct.latencyMs.p95, 1)} / ${n(t.direct.latencyMs.p99, 1)}`,
      `${n(t.ratio, 2)}×`,
      `${t.http.failed} / ${t.direct.failed}`,
      n(t.peakRssMb),
    ]),
  );
}

function otherTables(r: BenchResult): string[] {
  const out = [
    table(
      [
        "store",
        "live appointments",
        "of them in the coming year",
        "14-day checkAvailability median ms",
        "p99 ms",
        "samples",
        "book_appointment (direct) median ms",
        "bookings",
      ],
      r.availability.map((a) => [
        a.backend,
        String(a.appointments),
        String(a.comingYear),
        n(a.medianMs, 2),
        n(a.p99Ms, 2),
        String(a.samples),
        n(a.bookingMedianMs, 2),
        String(a.bookings),
      ]),
    ),
    table(
      ["store", "way", "callers", "contacts for the number", "errors", "by code"],
      r.contactStorm.flatMap((s) =>
        s.outcomes.map((o) => [
          s.backend,
          o.way,
          String(o.callers),
          String(o.contacts),
          String(o.errors),
          Object.entries(o.errorCodes)
            .map(([code, k]) => `${code} ×${k}`)
            .join(", ") || "–",
        ]),
      ),
    ),
  ];
  if (r.roundTrips !== null) {
    out.push(
      table(
        ["tool call", "statements (round trips)", "SQL functions"],
        Object.entries(r.roundTrips).map(([tool, t]) => [tool, String(t.statements), t.functions.join(", ")]),
      ),
    );
  }
  if (r.coldStart !== null) {
    out.push(
      table(
        ["`pnpm start` to first answer (embedded)", "median ms", "starts"],
        [
          ["fresh data directory", n(r.coldStart.freshMs), String(r.coldStart.starts)],
          ["warm data directory", n(r.coldStart.warmMs), String(r.coldStart.starts)],
        ],
      ),
    );
  }
  if (r.inlineGoogle !== null) {
    const g = r.inlineGoogle;
    out.push(
      table(
        ["tool call (in process, PGlite)", "no calendar median / p95 ms", "Google inline median / p95 ms", "ratio"],
        g.rows.map((row) => [
          row.tool,
          `${n(row.plain.medianMs, 1)} / ${n(row.plain.p95Ms, 1)}`,
          `${n(row.google.medianMs, 1)} / ${n(row.google.p95Ms, 1)}`,
          `${n(row.ratio, 2)}×`,
        ]),
      ),
      `Google requests for ${g.bookings} bookings: ${g.googleRequests.inserts} inserts, ${g.googleRequests.refreshes} token refreshes, ${g.googleRequests.freeBusy} freeBusy queries.`,
    );
  }
  if (r.drills !== null) out.push(drillTable(r.drills));
  return out;
}

function drillTable(drills: readonly Verdict[]): string {
  return table(
    ["drill", "verdict", "seconds", "figures", "failed checks"],
    drills.map((d) => [
      d.drill,
      d.passed ? "pass" : "**FAIL**",
      n(d.seconds, 1),
      Object.entries(d.figures)
        .map(([k, x]) => `${k} ${x}`)
        .join(", "),
      d.failures.join("; ") || "–",
    ]),
  );
}

export function renderReport(r: BenchResult): string {
  const m = r.machine;
  const s = r.sizes;
  return [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}; load average at start ${n(m.loadAverage, 2)} (figures are noisy above about 1)`,
    `Run: ${r.startedAt}, ${n(r.seconds)} s; ${s.quick ? "quick" : "full"}; medians of ${s.runs} run(s) of ${s.requests} bookings each; pool: node-postgres default (10) on both sides`,
    "",
    throughputTable(r),
    ...otherTables(r).flatMap((t) => ["", t]),
  ].join("\n");
}

/** Writes the result as `<dir>/bench-<time>.json` and `<dir>/latest.json`; the first path. */
export function writeResult(r: BenchResult, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(r, null, 2)}\n`;
  const file = join(dir, `bench-${r.startedAt.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, "latest.json"), json);
  return file;
}
