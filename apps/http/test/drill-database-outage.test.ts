/**
 * The database outage drill at a small size (drills/database-outage.ts): Postgres stopped and
 * started on the same data under load; answers during the outage are speakable STORE_UNAVAILABLE
 * 200s, and the service recovers by itself. `pnpm drills` runs it large.
 */
import { describe, expect, it } from "vitest";
import { databaseOutageDrill } from "../drills/database-outage.ts";
import { drillSizes } from "../drills/drill-sizes.ts";
import { describeVerdict } from "../drills/verdict.ts";

const small = drillSizes({ DRILL_SIZE: "small" });

describe("database outage drill", () => {
  it("Postgres down under load: STORE_UNAVAILABLE, no 5xx; the service recovers by itself", {
    timeout: 120_000,
  }, async () => {
    const v = await databaseOutageDrill(small.outage);
    expect(v.passed, describeVerdict(v)).toBe(true);
  });
});
