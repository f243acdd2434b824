import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, type Harness, startHarness } from "./support/harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("operations", () => {
  it("GET /api/health answers ok", async () => {
    const res = await h.composed.app.request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("GET /api/ready: database reachable, migrations current, no calendar, empty outbox", async () => {
    const res = await h.composed.app.request("/api/ready");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: "ready",
      database: "ok",
      migrations: { current: true },
      calendar: "none",
      integrations: { active: 0, reauthRequired: [] },
    });
  });

  it("GET /metrics counts bookings by outcome and times tool calls", async () => {
    await h.post("/api/vapi/tools", fixture("tool-calls-book.json"));
    await h.post("/api/vapi/tools", { ...fixture("tool-calls-book.json") });
    const res = await h.composed.app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain('voxanne_bookings_total{outcome="booked"} 1');
    expect(text).toContain('voxanne_bookings_total{outcome="replayed"} 1');
    expect(text).toMatch(/voxanne_tool_duration_seconds_count\{tool="bookClinicAppointment",outcome="ok"\} 2/);
    expect(text).toContain('voxanne_calendar_syncs_total{via="inline",outcome="no_calendar"} 2');
    // No calendar is configured: bookings queue no calendar jobs, so the outbox cannot grow.
    expect(text).toContain('voxanne_calendar_outbox_jobs{state="due"} 0');
    const ready = (await (await h.composed.app.request("/api/ready")).json()) as Record<string, unknown>;
    expect(ready.outbox).toEqual({ due: 0, scheduled: 0, parked: 0, oldestDueAt: null, clinics: [] });
  });

  it("an unknown route is a JSON 404", async () => {
    const res = await h.composed.app.request("/nope");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "No route for GET /nope" });
  });
});
