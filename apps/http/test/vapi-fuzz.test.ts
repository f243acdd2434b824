/**
 * The fuzz drill at a small size (drills/fuzz.ts): generated bodies at every Vapi route
 * (`/api/vapi/tools`, `/api/vapi/server`, `/api/vapi/tools/:tool`): tool-call messages in every
 * documented item shape and broken ones (deep, huge, unicode, wrong types, prototype-named keys),
 * legacy and flat bodies, other message types, truncated JSON, invalid UTF-8, wrong content types,
 * mutations of the recorded fixtures; then 20 MB and 1 MB bodies and invalid UTF-8 on a live
 * port. No 5xx; every answer one Vapi can read (one result per item, in order, `toolCallId`
 * echoed; legacy answers in their legacy shape); 413 exactly for a body over the limit; nothing
 * written unless a call says it changed something. `pnpm drills` runs it with 10,000+ bodies.
 */
import { describe, expect, it } from "vitest";
import { drillSizes } from "../drills/drill-sizes.ts";
import { fuzzDrill } from "../drills/fuzz.ts";
import { claimsAChange, judge } from "../drills/fuzz-judge.ts";
import { describeVerdict } from "../drills/verdict.ts";

const small = drillSizes({ DRILL_SIZE: "small" });

describe("fuzzed Vapi bodies", () => {
  it("the judge refuses what it must: a 5xx, a wrong shape, a 200 for an oversized body, a silent write", () => {
    const c = {
      path: "/api/vapi/tools",
      body: "{}",
      contentType: "application/json",
      ids: null,
      kind: "other",
    } as const;
    const ack = JSON.stringify({ received: "x" });
    expect(judge(c, 200, ack, { n: 1 }, { n: 1 })).toBeNull();
    expect(judge(c, 500, ack, { n: 1 }, { n: 1 })).toMatch(/HTTP 500/);
    expect(judge(c, 200, '{"results":"nope"}', { n: 1 }, { n: 1 })).not.toBeNull();
    expect(judge(c, 200, ack, { n: 1 }, { n: 2 })).toMatch(/rows written/);
    expect(judge({ ...c, body: "x".repeat(1024 * 1024 + 1) }, 200, ack, {}, {})).toMatch(/HTTP 200/);
    const booked = { results: [{ toolCallId: "a", name: "bookClinicAppointment", result: '{"success":true}' }] };
    expect(claimsAChange(booked)).toBe(true);
  });

  it("1,500 generated bodies in process and 30 on a live port: answered well, nothing written for a refusal", {
    timeout: 180_000,
  }, async () => {
    const v = await fuzzDrill(small.fuzz);
    expect(v.passed, describeVerdict(v)).toBe(true);
  });
});
