/**
 * A database that accepts connections and never answers: a tool call answers STORE_UNAVAILABLE
 * (retryable, speakable) within the database timeout, over a pg pool and over supabase-js, not
 * after 15 s and more. The stores are opened with `timeoutMs` as the composition passes
 * `DATABASE_TIMEOUT_MS`; the app is the real one around them.
 */
import { createServer, type Server, type Socket } from "node:net";
import { openPostgres, openSupabase, type SqlStores } from "@voxanne/adapter-supabase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newApp } from "../src/app.ts";
import type { AppServices } from "../src/app-services.ts";
import { type Harness, startHarness, toolCalls } from "./support/harness.ts";
import { payloadsOf, ToolCallsAnswer } from "./support/vapi-answers.ts";

const TIMEOUT_MS = 300;
const SLACK_MS = 1500;

let h: Harness;
let server: Server;
let port = 0;
const sockets: Socket[] = [];

beforeAll(async () => {
  h = await startHarness();
  server = createServer((socket) => {
    sockets.push(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = typeof address === "object" && address !== null ? address.port : 0;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

/** The harness's app with every store over `stores`. */
function appOver(stores: SqlStores) {
  const services = h.composed.services;
  const patched: AppServices = {
    ...services,
    deps: { ...services.deps, store: stores.bookings, clinics: stores.clinics },
    tenants: stores.tenants,
    clinics: stores.clinics,
  };
  return newApp(patched);
}

const carriers: [string, () => SqlStores][] = [
  [
    "pg pool",
    () => openPostgres(`postgres://u:p@127.0.0.1:${port}/db`, { onIdleError: () => {}, timeoutMs: TIMEOUT_MS }),
  ],
  ["supabase-js", () => openSupabase({ url: `http://127.0.0.1:${port}`, key: "sb_secret_x", timeoutMs: TIMEOUT_MS })],
];

describe.each(carriers)("over %s", (_name, open) => {
  it("a booking and a check in one message answer STORE_UNAVAILABLE, retryable, within the timeout", async () => {
    const stores = open();
    try {
      const started = performance.now();
      const res = await appOver(stores).request("/api/vapi/tools", {
        method: "POST",
        body: JSON.stringify(
          toolCalls([
            {
              id: "h1",
              name: "bookClinicAppointment",
              arguments: { appointmentDate: "2026-12-03", appointmentTime: "10:00" },
            },
            { id: "h2", name: "checkAvailability", arguments: { date: "2026-12-03" } },
          ]),
        ),
      });
      const ms = performance.now() - started;
      expect(res.status).toBe(200);
      const payloads = payloadsOf(ToolCallsAnswer.parse(await res.json()));
      for (const p of payloads) {
        expect(p).toMatchObject({ success: false, code: "STORE_UNAVAILABLE", retryable: true });
        expect(p.message).toMatch(/try again/);
      }
      // The clinic is looked up once for the message: one timeout, not one per call.
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    } finally {
      await stores.close();
    }
  });
});
