/**
 * The crash drill at a small size (drills/crash.ts): the real entry SIGKILLed mid-load and
 * restarted on the same data, on PGlite and on Postgres; every acknowledged booking survives and
 * nothing is half-written. `pnpm drills` runs it large.
 */
import { describe, expect, it } from "vitest";
import { crashDrill } from "../drills/crash.ts";
import { drillSizes } from "../drills/drill-sizes.ts";
import { describeVerdict } from "../drills/verdict.ts";

const small = drillSizes({ DRILL_SIZE: "small" });

describe("crash drill", () => {
  it.each(["pglite", "postgres"] as const)(
    "on %s: SIGKILL mid-load loses no acknowledged booking",
    {
      timeout: 120_000,
    },
    async (backend) => {
      const v = await crashDrill({ backend, ...small.crash });
      expect(v.passed, describeVerdict(v)).toBe(true);
      expect(v.figures.acknowledged).toBeGreaterThanOrEqual(16);
    },
  );
});
