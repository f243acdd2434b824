/**
 * `pnpm bench` cannot rot: every measurement runs once at a tiny size on both stores (PGlite and
 * a real Postgres), and the report and the JSON come out. Nothing here asserts a time: only that
 * every booking booked, the storm left one contact our way, and the figures are there.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { availabilityCases, availabilityClinic, seedAppointments } from "../bench/availability.ts";
import { runBench } from "../bench/bench.ts";
import { renderReport, writeResult } from "../bench/report.ts";
import { benchSizes } from "../bench/sizes.ts";
import { composeLocal } from "../bench/targets.ts";

const tiny = benchSizes({
  BENCH_QUICK: "1",
  BENCH_CONCURRENCY: "1,4",
  BENCH_REQUESTS: "6",
  BENCH_CLINICS: "2",
  BENCH_APPOINTMENTS: "0,40",
  BENCH_COMING_YEAR: "30",
  BENCH_AVAILABILITY_SAMPLES: "2",
  BENCH_STORM_CALLERS: "8",
  BENCH_COLD_STARTS: "1",
  BENCH_GOOGLE: "true",
  BENCH_GOOGLE_BOOKINGS: "2",
});

describe("pnpm bench at a tiny size", () => {
  it("sizes come from the environment, and a bad one is refused naming it", () => {
    expect(tiny).toMatchObject({ runs: 1, concurrency: [1, 4], requests: 6, backends: ["pglite", "postgres"] });
    expect(benchSizes({}).quick).toBe(false);
    expect(() => benchSizes({ BENCH_RUNS: "three" })).toThrow(/BENCH_RUNS/);
    expect(() => benchSizes({ BENCH_BACKENDS: "mysql" })).toThrow(/BENCH_BACKENDS/);
    expect(benchSizes({ BENCH_ONLY: "storm, availability" }).sections).toEqual(["availability", "storm"]);
    expect(() => benchSizes({ BENCH_ONLY: "everything" })).toThrow(/BENCH_ONLY/);
  });

  it("seeds a book past the coming year's share into the past, and measures the full year once more", async () => {
    expect(availabilityCases([0, 500, 5000, 50000], 5000)).toEqual([
      { n: 0, ahead: 0 },
      { n: 500, ahead: 500 },
      { n: 5000, ahead: 5000 },
      { n: 50000, ahead: 5000 },
      { n: 50000, ahead: 50000 },
    ]);
    const local = await composeLocal({ DATA_DIR: ":memory:" });
    try {
      const orgId = await availabilityClinic(local.request);
      const from = new Date(Date.UTC(2030, 0, 1));
      await seedAppointments(local.sql, orgId, from, 10, 4);
      const rows = await local.sql.query<{ ahead: number; past: number; last: string }>(
        `select count(*) filter (where starts_at >= $2)::int as ahead, count(*) filter (where starts_at < $2)::int as past,
                max(starts_at)::text as last
           from appointments where org_id = $1`,
        [orgId, from.toISOString()],
      );
      expect(rows[0]).toMatchObject({ ahead: 4, past: 6 });
      expect(new Date(rows[0]?.last ?? "").getTime()).toBeLessThan(from.getTime() + 365 * 86_400_000);
    } finally {
      await local.composed.close();
    }
  });

  it("measures everything, every booking books, and the report and JSON are written", {
    timeout: 300_000,
  }, async () => {
    const r = await runBench(tiny, () => undefined);
    expect(r.throughput.map((t) => `${t.backend}/${t.clinics}/${t.concurrency}`)).toEqual([
      "pglite/1/1",
      "pglite/1/4",
      "pglite/2/1",
      "pglite/2/4",
      "postgres/1/1",
      "postgres/1/4",
      "postgres/2/1",
      "postgres/2/4",
    ]);
    for (const t of r.throughput) {
      expect([t.http.booked, t.http.failed, t.direct.booked, t.direct.failed]).toEqual([6, 0, 6, 0]);
      expect(t.ratio).toBeGreaterThan(0);
      expect(Number.isFinite(t.http.latencyMs.p99)).toBe(true);
    }
    for (const a of r.availability) expect([a.bookings, a.bookingMedianMs > 0]).toEqual([1, true]);
    expect(r.availability.map((a) => [a.backend, a.appointments, a.comingYear, a.samples])).toEqual([
      ["pglite", 0, 0, 2],
      ["pglite", 40, 30, 2],
      ["pglite", 40, 40, 2],
      ["postgres", 0, 0, 2],
      ["postgres", 40, 30, 2],
      ["postgres", 40, 40, 2],
    ]);
    for (const storm of r.contactStorm) {
      const [oldTable, todaysTable, ours] = storm.outcomes;
      expect(oldTable?.contacts).toBeGreaterThanOrEqual(1);
      expect(todaysTable?.contacts).toBe(1);
      expect(ours).toMatchObject({ callers: 8, contacts: 1, errors: 0, errorCodes: {} });
    }
    expect(r.coldStart?.freshMs).toBeGreaterThan(0);
    expect(r.coldStart?.warmMs).toBeGreaterThan(0);
    expect(r.roundTrips?.book.statements).toBeGreaterThan(0);
    expect(r.inlineGoogle?.googleRequests.inserts).toBeGreaterThanOrEqual(2);

    const report = renderReport(r);
    expect(report).toContain(`${r.machine.cores} cores`);
    expect(report).toContain("direct SQL bookings/s");
    const dir = mkdtempSync(join(tmpdir(), "voxanne-bench-results-"));
    try {
      writeResult(r, dir);
      expect(JSON.parse(readFileSync(join(dir, "latest.json"), "utf8"))).toEqual(JSON.parse(JSON.stringify(r)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
