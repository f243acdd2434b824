import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody } from "../src/vapi/vapi-auth.ts";
import { fixture, type Harness, startHarness, vapiPayloads } from "./support/harness.ts";

const SECRET = "vapi-shared-secret-for-tests";
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ VAPI_SECRET: SECRET });
});
afterAll(() => h.close());

describe("only our Vapi account gets answers", () => {
  it.each([
    ["no credentials", {}],
    ["a wrong Bearer token", { authorization: "Bearer not-the-secret" }],
    ["a wrong X-Vapi-Secret", { "x-vapi-secret": `${SECRET}x` }],
    ["a bad signature", { "x-signature": "00".repeat(32), "x-timestamp": String(Math.floor(Date.now() / 1000)) }],
  ])("%s gets 401 and nothing is written", async (_what, headers) => {
    const before = await h.counts();
    for (const path of ["/api/vapi/tools", "/api/vapi/tools/bookClinicAppointment"]) {
      const res = await h.post(
        path,
        fixture(path.endsWith("tools") ? "tool-calls-book.json" : "flat-book-legacy.json"),
        headers,
      );
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "Unauthorized: this endpoint only answers our Vapi account." });
    }
    expect(await h.counts()).toEqual(before);
  });

  it("a stale signature is refused even when it is correct", async () => {
    const body = JSON.stringify(fixture("tool-calls-book.json"));
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const res = await h.post("/api/vapi/tools", body, {
      "x-signature": signBody(SECRET, stale, body),
      "x-timestamp": stale,
    });
    expect(res.status).toBe(401);
  });

  it.each([
    ["Bearer", () => ({ authorization: `Bearer ${SECRET}` })],
    ["X-Vapi-Secret", () => ({ "x-vapi-secret": SECRET })],
  ])("the secret as %s is accepted", async (_how, headers) => {
    const res = await h.post("/api/vapi/tools", fixture("tool-calls-two-calls-object-args.json"), headers());
    expect(res.status).toBe(200);
    expect(vapiPayloads(await res.json(), ["call_avail_01", "call_find_02"]).map((p) => p.success)).toEqual([
      true,
      true,
    ]);
  });

  it("a fresh HMAC signature over the exact body is accepted", async () => {
    const body = JSON.stringify(fixture("tool-calls-book.json"));
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await h.post("/api/vapi/tools", body, {
      "x-signature": `sha256=${signBody(SECRET, ts, body)}`,
      "x-timestamp": ts,
    });
    expect(res.status).toBe(200);
    expect(vapiPayloads(await res.json(), ["call_7Xk2pQ9aLmN3"])[0]).toMatchObject({ success: true });
  });

  it("the tool definitions are public (they hold no secret)", async () => {
    const res = await h.composed.app.request("/api/vapi/tool-definitions");
    expect(res.status).toBe(200);
    const defs = (await res.json()) as { function: { name: string } }[];
    expect(defs.map((d) => d.function.name)).toContain("bookClinicAppointment");
    expect(JSON.stringify(defs)).not.toContain(SECRET);
  });
});
