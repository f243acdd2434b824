/**
 * The two-instance drill at a small size (drills/two-instances.ts): two service processes on one
 * Postgres; a slot storm books once, a phone storm makes one contact, the outbox is claimed once.
 * `pnpm drills` runs it large.
 */
import { describe, expect, it } from "vitest";
import { drillSizes } from "../drills/drill-sizes.ts";
import { twoInstancesDrill } from "../drills/two-instances.ts";
import { describeVerdict } from "../drills/verdict.ts";

const small = drillSizes({ DRILL_SIZE: "small" });

describe("two instances drill", () => {
  it("one slot books once, one phone makes one contact, every outbox job is claimed once", {
    timeout: 120_000,
  }, async () => {
    const v = await twoInstancesDrill(small.twoInstances);
    expect(v.passed, describeVerdict(v)).toBe(true);
  });
});
