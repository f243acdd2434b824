/**
 * The app with Google Calendar wired in, against the adapter's local Google emulator (real
 * google-auth-library and @googleapis/calendar clients over real HTTP): linking a clinic through
 * the admin route and the OAuth callback, inline sync, the emulator going down and the outbox
 * worker converging once it is back, and a revoked grant parked until the clinic reconnects.
 */
import { randomBytes } from "node:crypto";
import { EMULATOR_CLIENT, Faults, GoogleEmulator } from "@voxanne/adapter-google/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookThursday, DEMO_ORG, type Harness, startHarness } from "./support/harness.ts";

const ADMIN = { authorization: "Bearer admin-token-for-google-tests" };
let google: GoogleEmulator;
let h: Harness;
let n = 0;

beforeAll(async () => {
  google = await GoogleEmulator.start();
  h = await startHarness({
    GOOGLE_CLIENT_ID: EMULATOR_CLIENT.clientId,
    GOOGLE_CLIENT_SECRET: EMULATOR_CLIENT.clientSecret,
    GOOGLE_API_BASE_URL: google.baseUrl,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ADMIN_TOKEN: "admin-token-for-google-tests",
    CALENDAR_INLINE_BUDGET_MS: "400",
    WORKER_ENABLED: "true",
    WORKER_BUDGET_MS: "2000",
  });
});
afterAll(async () => {
  await h.close();
  await google.stop();
});

const worker = () => {
  const w = h.composed.worker;
  if (w === null) throw new Error("the worker should be composed when Google is configured");
  return w;
};

/** Admin starts the link, the clinic consents at "Google", Google redirects to our callback. */
async function linkDemoClinic(): Promise<Response> {
  const started = await h.composed.app.request(`/api/admin/clinics/${DEMO_ORG}/google/connect`, {
    method: "POST",
    headers: ADMIN,
  });
  expect(started.status).toBe(200);
  const { url } = (await started.json()) as { url: string };
  expect(url.startsWith(google.baseUrl)).toBe(true);
  const consent = await fetch(url, { redirect: "manual" });
  const location = new URL(consent.headers.get("location") ?? "");
  expect(location.pathname).toBe("/api/google/callback");
  return h.composed.app.request(`${location.pathname}${location.search}`);
}

const book = (time: string) => bookThursday(h, `g_call_${++n}`, time);

const eventsInCalendar = () => google.calendars.allEvents();

async function ready() {
  return (await (await h.composed.app.request("/api/ready")).json()) as {
    integrations: { active: number; reauthRequired: { orgId: string }[] };
    outbox: { due: number; parked: number; clinics: { orgId: string; due: number; parked: number }[] };
  };
}

describe("Google Calendar through the app", () => {
  it("links the demo clinic through the admin route and the OAuth callback; what it booked before reaches the calendar", async () => {
    const before = await book("09:00");
    expect(before).toMatchObject({ success: true, calendarSynced: false });
    expect((await ready()).outbox).toMatchObject({ due: 0, parked: 0, clinics: [] });
    const res = await linkDemoClinic();
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Google Calendar is linked");
    expect((await ready()).integrations).toEqual({ active: 1, reauthRequired: [] });
    const stored = await h.sql<{ refresh_token_encrypted: string }>(
      "select refresh_token_encrypted from tenant_integrations",
    );
    expect(stored[0]?.refresh_token_encrypted).toMatch(/^v\d+\./);
    expect(stored[0]?.refresh_token_encrypted).not.toContain("refresh-");
    expect((await ready()).outbox.clinics).toEqual([expect.objectContaining({ orgId: DEMO_ORG, due: 1 })]);
    expect((await worker().runOnce()).synced).toBe(1);
    const eventId = String(before.appointmentId).replaceAll("-", "");
    expect(eventsInCalendar().filter((e) => e.id === eventId)).toHaveLength(1);
  });

  it("a callback with a forged state links nothing", async () => {
    const res = await h.composed.app.request("/api/google/callback?code=abc&state=forged.state");
    expect(res.status).toBe(400);
  });

  it("a booking is in the calendar when the answer comes: calendarSynced true, with the event id", async () => {
    google.resetCounts();
    const r = await book("10:00");
    expect(r).toMatchObject({ success: true, calendarSynced: true });
    expect(r.calendarEventId).toBe(String(r.appointmentId).replaceAll("-", ""));
    expect(google.requests("insert")).toBe(1);
    const event = eventsInCalendar().find((e) => e.id === r.calendarEventId);
    expect(event).toMatchObject({ status: "confirmed", start: { timeZone: "Europe/London" } });
    expect(event?.summary).toContain("Amira Khan");
  });

  it("with Google down the booking stands (calendarSynced false); the worker syncs it exactly once when Google is back", async () => {
    await google.stop();
    const r = await book("11:00");
    expect(r).toMatchObject({ success: true, calendarSynced: false, calendarEventId: null });
    const whileDown = await worker().runOnce();
    expect(whileDown.synced + whileDown.retried).toBeGreaterThan(0);
    expect(whileDown.retried).toBeGreaterThanOrEqual(1);
    await google.restart();
    await h.sql("update calendar_sync_jobs set next_attempt_at = now() where parked_at is null");
    google.resetCounts();
    const back = await worker().runOnce();
    expect(back.retried).toBe(0);
    const again = await worker().runOnce();
    expect(again).toEqual({ synced: 0, retried: 0, parked: 0 });
    const eventId = String(r.appointmentId).replaceAll("-", "");
    expect(eventsInCalendar().filter((e) => e.id === eventId)).toHaveLength(1);
    expect(google.requests("insert")).toBe(1);
    expect(
      await h.sql("select calendar_sync, calendar_event_id from appointments where id = $1", [r.appointmentId]),
    ).toEqual([{ calendar_sync: "synced", calendar_event_id: eventId }]);
  });

  it("a revoked grant is reported and parked, never retried in a loop; reconnecting resumes the sync", async () => {
    google.accounts.expireAccessTokens();
    google.failNext("refresh", Faults.invalidGrant);
    const r = await book("12:00");
    expect(r).toMatchObject({ success: true, calendarSynced: false });
    const report = await ready();
    expect(report.integrations.reauthRequired).toEqual([{ orgId: DEMO_ORG, reason: expect.any(String) }]);
    google.resetCounts();
    const parked = await worker().runOnce();
    expect(parked.parked).toBeGreaterThanOrEqual(1);
    expect(google.requests()).toBe(0);
    expect((await ready()).outbox.clinics).toEqual([
      expect.objectContaining({ orgId: DEMO_ORG, due: 0, parked: parked.parked }),
    ]);
    expect(await worker().runOnce()).toEqual({ synced: 0, retried: 0, parked: 0 });
    const metrics = await (await h.composed.app.request("/metrics")).text();
    expect(metrics).toContain('voxanne_calendar_integrations{status="reauth_required"} 1');

    expect((await linkDemoClinic()).status).toBe(200);
    expect((await ready()).integrations).toEqual({ active: 1, reauthRequired: [] });
    const resumed = await worker().runOnce();
    expect(resumed.synced).toBeGreaterThanOrEqual(1);
    const eventId = String(r.appointmentId).replaceAll("-", "");
    expect(eventsInCalendar().filter((e) => e.id === eventId)).toHaveLength(1);
    expect((await ready()).outbox).toMatchObject({ due: 0, parked: 0 });
  });
});
