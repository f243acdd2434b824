/**
 * Bounded input: a body size limit on every route (checked before the Vapi authentication reads
 * the body), nesting depth limits, security headers on every answer and `no-store` on
 * administration and OAuth answers. A refusal writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_BODY_LIMIT_BYTES, OTHER_BODY_LIMIT_BYTES } from "../src/app.ts";
import { VAPI_BODY_LIMIT_BYTES } from "../src/routes/vapi-routes.ts";
import { type Harness, startHarness, toolCalls } from "./support/harness.ts";
import { COUNT_ROWS, FlatAnswer, payloadsOf, ToolCallsAnswer } from "./support/vapi-answers.ts";

const SECRET = "vapi-secret-for-limits";
const ADMIN = "admin-token-for-limits";
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ VAPI_SECRET: SECRET, ADMIN_TOKEN: ADMIN });
});
afterAll(() => h.close());

const auth = { authorization: `Bearer ${SECRET}` };
const rows = () => h.sql(COUNT_ROWS);

/** A booking message padded (in a transcript artifact, as Vapi sends one) to exactly `bytes` bytes. */
function bookingOfSize(bytes: number): string {
  const message = toolCalls([
    {
      id: "sized",
      name: "bookClinicAppointment",
      arguments: { appointmentDate: "2026-12-03", appointmentTime: "10:00", patientName: "Padded" },
    },
  ]);
  const withArtifact = (pad: string) =>
    JSON.stringify({ message: { ...(message.message as object), artifact: { transcript: pad } } });
  const base = Buffer.byteLength(withArtifact(""));
  return withArtifact("x".repeat(bytes - base));
}

describe("body size limits", () => {
  it("a tool-calls body over 1 MB is 413 in a Vapi-readable shape, before authentication, and writes nothing", async () => {
    const before = await rows();
    const body = bookingOfSize(VAPI_BODY_LIMIT_BYTES + 1);
    for (const headers of [auth, {}]) {
      const res = await h.post("/api/vapi/tools", body, headers);
      expect(res.status).toBe(413);
      const answer = ToolCallsAnswer.parse(await res.json());
      expect(answer.results).toEqual([]);
      expect(answer.error).toMatch(/too large/);
    }
    expect(await rows()).toEqual(before);
  });

  it("a body of exactly 1 MB is read and answered", async () => {
    const res = await h.post("/api/vapi/tools", bookingOfSize(VAPI_BODY_LIMIT_BYTES), auth);
    expect(res.status).toBe(200);
    const [booked] = payloadsOf(ToolCallsAnswer.parse(await res.json()));
    expect(booked).toMatchObject({ success: true });
  });

  it("the flat route's 413 is a flat answer, success false", async () => {
    const body = JSON.stringify({ appointmentDate: "2026-12-03", patientName: "x".repeat(VAPI_BODY_LIMIT_BYTES) });
    const res = await h.post("/api/vapi/tools/bookClinicAppointment", body, auth);
    expect(res.status).toBe(413);
    const content = FlatAnswer.parse(await res.json()).toolResult.content;
    expect(content).toMatchObject({ success: false, code: "PAYLOAD_TOO_LARGE", retryable: false });
  });

  it("the admin API takes 64 KB, and refuses more before the token is checked", async () => {
    const body = JSON.stringify({ name: "x".repeat(ADMIN_BODY_LIMIT_BYTES) });
    for (const headers of [{ authorization: `Bearer ${ADMIN}` }, {}]) {
      const res = await h.post("/api/admin/clinics", body, headers);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ success: false, code: "PAYLOAD_TOO_LARGE" });
    }
  });

  it("every other route takes 16 KB", async () => {
    for (const path of ["/api/google/callback", "/api/health", "/nowhere"]) {
      const res = await h.post(path, "x".repeat(OTHER_BODY_LIMIT_BYTES + 1));
      expect(res.status).toBe(413);
    }
  });

  it("a streamed body (no Content-Length) is cut off at the limit too", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.length;
        if (sent > 20 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await h.composed.app.request("/api/vapi/tools", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json", ...auth },
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(2 * VAPI_BODY_LIMIT_BYTES);
  });
});

describe("nesting depth", () => {
  it("a body nested 100,000 deep is unreadable, not a crash", async () => {
    const deep = `{"message":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const res = await h.post("/api/vapi/tools", deep, auth);
    expect(res.status).toBe(200);
    expect(ToolCallsAnswer.parse(await res.json()).error).toMatch(/couldn't read/);
    const flat = await h.post(
      "/api/vapi/tools/bookClinicAppointment",
      `{"a":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
      auth,
    );
    expect(flat.status).toBe(200);
    expect(FlatAnswer.parse(await flat.json()).toolResult.content).toMatchObject({ success: false });
  });

  it("arguments nested past 32 levels are refused as unreadable arguments, for that call only", async () => {
    let nested: unknown = "2026-12-03";
    for (let i = 0; i < 40; i++) nested = { d: nested };
    const body = toolCalls([
      { id: "deep", name: "checkAvailability", arguments: { date: nested } },
      { id: "ok", name: "checkAvailability", arguments: { date: "2026-12-04" } },
    ]);
    const res = await h.post("/api/vapi/tools", body, auth);
    const payloads = payloadsOf(ToolCallsAnswer.parse(await res.json()));
    expect(payloads.map((p) => [p.success, p.field ?? null])).toEqual([
      [false, "arguments"],
      [true, null],
    ]);
  });
});

describe("headers", () => {
  const requests: [string, RequestInit & { path: string }][] = [
    ["tool calls", { path: "/api/vapi/tools", method: "POST", body: "{}", headers: auth }],
    ["an unauthorised tool call", { path: "/api/vapi/tools", method: "POST", body: "{}" }],
    ["tool definitions", { path: "/api/vapi/tool-definitions" }],
    ["health", { path: "/api/health" }],
    ["not found", { path: "/nowhere" }],
    ["admin", { path: "/api/admin/clinics", headers: { authorization: `Bearer ${ADMIN}` } }],
    ["admin, unauthorised", { path: "/api/admin/clinics" }],
    ["the OAuth callback", { path: "/api/google/callback?code=x&state=y" }],
    ["a 413", { path: "/api/vapi/tools", method: "POST", body: "x".repeat(VAPI_BODY_LIMIT_BYTES + 1) }],
  ];

  it.each(requests)(
    "%s: nosniff, no framing, a strict CSP, and no-store where it is private",
    async (_what, { path, ...init }) => {
      const res = await h.composed.app.request(path, init);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      const private_ = path.startsWith("/api/admin") || path.startsWith("/api/google");
      expect(res.headers.get("cache-control")).toBe(private_ ? "no-store" : null);
    },
  );
});
