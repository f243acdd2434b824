/**
 * @module bench/tool-latency
 * Part of `pnpm bench`: how long a Vapi tool call takes through the whole app in process (Hono →
 * use case → SQL function on embedded PGlite), without a calendar and with Google Calendar synced
 * inline (the local Google emulator over real HTTP), and how many Google requests a booking
 * costs. Medians and p95s measured in this run, and ratios between them; never a pass/fail.
 */
import { randomBytes } from "node:crypto";
import { EMULATOR_CLIENT, GoogleEmulator } from "@voxanne/adapter-google/testing";
import { ManualClock } from "@voxanne/domain/testing";
import { type Composed, compose } from "../src/composition.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/observability/logger.ts";
import { quantile } from "./stats.ts";

const DEMO = "46cf2995-2bee-44e3-838b-24151486fe4e";
const ADMIN = "bench-admin-token";

/** Bookable slots from Monday 23 November 2026 on: weekdays, 09:00–17:00 every 30 minutes. */
function* slots(): Generator<{ date: string; time: string }> {
  const day = new Date("2026-11-23T12:00:00Z");
  for (;;) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) {
      for (let m = 9 * 60; m < 17 * 60; m += 30) {
        const time = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
        yield { date: day.toISOString().slice(0, 10), time };
      }
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
}

const message = (id: string, name: string, args: object) => ({
  message: {
    type: "tool-calls",
    toolCallList: [{ id, type: "function", function: { name, arguments: JSON.stringify(args) } }],
    call: { id: "bench-call", assistantId: "asst_demo_clinic", customer: { number: "+447700900123" } },
    customer: { number: "+447700900123" },
  },
});

async function timed(composed: Composed, body: object): Promise<number> {
  const started = performance.now();
  const res = await composed.app.request("/api/vapi/tools", {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (!text.includes('\\"success\\":true')) throw new Error(`bench call failed: ${text}`);
  return ms;
}

export interface InlineGoogleRow {
  readonly tool: string;
  readonly plain: { readonly medianMs: number; readonly p95Ms: number };
  readonly google: { readonly medianMs: number; readonly p95Ms: number };
  /** Median with Google over median without. */
  readonly ratio: number;
}

export interface InlineGoogle {
  readonly bookings: number;
  readonly rows: readonly InlineGoogleRow[];
  readonly googleRequests: { readonly inserts: number; readonly refreshes: number; readonly freeBusy: number };
}

async function setup(env: Record<string, string>): Promise<Composed> {
  const config = loadConfig({ DATA_DIR: ":memory:", WORKER_ENABLED: "false", ADMIN_TOKEN: ADMIN, ...env });
  return compose(config, { clock: new ManualClock("2026-11-21T10:00:00Z"), logger: createLogger("silent") });
}

async function measure(composed: Composed, label: string, N: number) {
  const free = slots();
  const book: number[] = [];
  const replay: number[] = [];
  const check: number[] = [];
  const find: number[] = [];
  for (let i = 0; i < N; i++) {
    const slot = free.next().value as { date: string; time: string };
    const args = { appointmentDate: slot.date, appointmentTime: slot.time, patientName: `Patient ${i}` };
    book.push(await timed(composed, message(`${label}-book-${i}`, "bookClinicAppointment", args)));
    replay.push(await timed(composed, message(`${label}-book-${i}`, "bookClinicAppointment", args)));
    check.push(await timed(composed, message(`${label}-check-${i}`, "checkAvailability", { date: slot.date })));
    if (i % 10 === 0) find.push(await timed(composed, message(`${label}-find-${i}`, "findAppointments", {})));
  }
  return { book, replay, check, find };
}

/** `N` bookings (and as many replays and availability checks) without a calendar, then with Google inline. */
export async function measureInlineGoogle(N: number): Promise<InlineGoogle> {
  const plain = await setup({});
  const withoutCalendar = await measure(plain, "plain", N);
  await plain.close();

  const google = await GoogleEmulator.start();
  const linked = await setup({
    GOOGLE_CLIENT_ID: EMULATOR_CLIENT.clientId,
    GOOGLE_CLIENT_SECRET: EMULATOR_CLIENT.clientSecret,
    GOOGLE_API_BASE_URL: google.baseUrl,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  });
  const started = await linked.app.request(`/api/admin/clinics/${DEMO}/google/connect`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  const { url } = (await started.json()) as { url: string };
  const callback = new URL((await fetch(url, { redirect: "manual" })).headers.get("location") ?? "");
  await linked.app.request(`${callback.pathname}${callback.search}`);
  google.resetCounts();
  const withGoogle = await measure(linked, "google", N);
  const googleCalls = {
    inserts: google.requests("insert"),
    refreshes: google.requests("refresh"),
    freeBusy: google.requests("freeBusy"),
  };
  await linked.close();
  await google.stop();

  const rows: [string, number[], number[]][] = [
    ["bookClinicAppointment (new booking)", withoutCalendar.book, withGoogle.book],
    ["bookClinicAppointment (retried call, replayed)", withoutCalendar.replay, withGoogle.replay],
    ["checkAvailability (one day)", withoutCalendar.check, withGoogle.check],
    ["findAppointments (caller's number)", withoutCalendar.find, withGoogle.find],
  ];
  const figures = (ms: number[]) => ({ medianMs: quantile(ms, 0.5), p95Ms: quantile(ms, 0.95) });
  return {
    bookings: N,
    rows: rows.map(([tool, a, b]) => ({
      tool,
      plain: figures(a),
      google: figures(b),
      ratio: quantile(b, 0.5) / quantile(a, 0.5),
    })),
    googleRequests: googleCalls,
  };
}
