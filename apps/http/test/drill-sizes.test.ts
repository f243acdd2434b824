/**
 * The drills' sizes come from the environment (drills/drill-sizes.ts): small for `pnpm test`,
 * large by default (`pnpm drills`, `pnpm bench`), each size on its own; a bad value is refused
 * naming it.
 */
import { describe, expect, it } from "vitest";
import { renderReport } from "../bench/report.ts";
import { benchSizes } from "../bench/sizes.ts";
import { DRILL_NAMES, drillSizes } from "../drills/drill-sizes.ts";
import { verdict } from "../drills/verdict.ts";

describe("drill sizes", () => {
  it("large by default with every drill, at least 10,000 fuzzed bodies; small on request", () => {
    const large = drillSizes({});
    expect(large).toMatchObject({ large: true, drills: [...DRILL_NAMES] });
    expect(large.fuzz.bodies).toBeGreaterThanOrEqual(10_000);
    expect(drillSizes({ DRILL_SIZE: "small" }).fuzz.bodies).toBeLessThan(large.fuzz.bodies);
  });

  it("each size and the drills to run can be set; a bad one is refused naming it", () => {
    const s = drillSizes({ DRILLS: "fuzz, crash", DRILL_FUZZ_BODIES: "300", DRILL_CRASHES: "2", DRILL_SEED: "7" });
    expect(s.drills).toEqual(["fuzz", "crash"]);
    expect(s.fuzz).toMatchObject({ bodies: 300, seed: 7 });
    expect(s.crash.crashes).toBe(2);
    expect(() => drillSizes({ DRILLS: "chaos" })).toThrow(/DRILLS: unknown chaos/);
    expect(() => drillSizes({ DRILL_SIZE: "huge" })).toThrow(/DRILL_SIZE/);
    expect(() => drillSizes({ DRILL_LANES: "many" })).toThrow(/DRILL_LANES/);
  });

  it("pnpm bench runs them large unless quick (BENCH_DRILLS decides), and its report has their table", () => {
    expect(benchSizes({}).drills).toMatchObject({ large: true });
    expect(benchSizes({ BENCH_QUICK: "1" }).drills).toBeNull();
    expect(benchSizes({ BENCH_QUICK: "1", BENCH_DRILLS: "1", DRILLS: "fuzz" }).drills?.drills).toEqual(["fuzz"]);
    expect(benchSizes({ BENCH_DRILLS: "false" }).drills).toBeNull();
    const failed = verdict("crash (pglite)", performance.now(), { acknowledged: 3 }, [
      ["every booking is there", false],
    ]);
    const report = renderReport({
      startedAt: "2026-11-22T09:00:00.000Z",
      seconds: 1,
      machine: { cpu: "cpu", cores: 2, memoryGiB: 4, platform: "linux", node: "24", loadAverage: 0 },
      sizes: benchSizes({ BENCH_QUICK: "1" }),
      throughput: [],
      availability: [],
      contactStorm: [],
      coldStart: null,
      roundTrips: {} as never,
      inlineGoogle: null,
      drills: [failed],
    });
    expect(report).toContain("| crash (pglite) | **FAIL** |");
    expect(report).toContain("acknowledged 3");
    expect(report).toContain("every booking is there");
  });
});
