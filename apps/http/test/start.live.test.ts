/**
 * `pnpm start` as a newcomer runs it: a real process on a real port, the embedded default
 * (PGlite under a data directory, the demo clinic), the README's flat curl body, a graceful stop,
 * a restart that still has the booking; Ctrl-C on `pnpm start` as a terminal sends it (to the
 * whole process group) ends cleanly; a bad configuration stops it before anything is opened.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORG } from "./support/harness.ts";
import { runScript, startServer, startWithPnpm, stopServer } from "./support/live-server.ts";

let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "voxanne-start-"));
  dataDir = join(root, "data");
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** The next weekday at least two days ahead, as YYYY-MM-DD (London is on UTC's date at noon). */
function nextWeekday(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 2);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

describe("pnpm start on the embedded default", () => {
  it("serves on loopback, books the README's curl body, stops gracefully, and keeps the booking across a restart", async () => {
    const date = nextWeekday();
    const first = await startServer({ DATA_DIR: dataDir });
    try {
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(first.lines.some((l) => String(l.msg).includes("VAPI_SECRET is not set"))).toBe(true);
      const health = await fetch(`${first.url}/api/health`);
      expect(await health.json()).toEqual({ status: "ok" });
      const res = await fetch(`${first.url}/api/vapi/tools/bookClinicAppointment`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          appointmentDate: date,
          appointmentTime: "14:30",
          patientName: "Test Patient",
          patientEmail: "test@example.com",
          patientPhone: "+441234567890",
          serviceType: "Consultation",
          duration: 30,
          customer: { metadata: { org_id: DEMO_ORG } },
        }),
      });
      const content = JSON.parse(((await res.json()) as { toolResult: { content: string } }).toolResult.content);
      expect(content).toMatchObject({ success: true, calendarSynced: false });
    } finally {
      expect(await stopServer(first)).toBe(0);
    }

    const second = await startServer({ DATA_DIR: dataDir });
    try {
      const res = await fetch(`${second.url}/api/vapi/tools/findAppointments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          patientPhone: "+441234567890",
          patientEmail: "test@example.com",
          customer: { metadata: { org_id: DEMO_ORG } },
        }),
      });
      const content = JSON.parse(((await res.json()) as { toolResult: { content: string } }).toolResult.content);
      expect(content.appointments, JSON.stringify(content)).toHaveLength(1);
      expect(content.appointments[0].startsAt.slice(0, 10)).toBe(date);
    } finally {
      expect(await stopServer(second)).toBe(0);
    }
  });

  it("Ctrl-C on `pnpm start` (SIGINT to its process group) stops gracefully, exit 0, no pnpm error", async () => {
    const shared = join(root, "shared");
    await mkdir(shared, { mode: 0o755 });
    await chmod(shared, 0o755);
    const running = await startWithPnpm({ DATA_DIR: shared });
    expect((await stat(shared)).mode & 0o777).toBe(0o700);
    expect(existsSync(join(shared, "voxanne.lock"))).toBe(true);
    expect(await stopServer(running, "SIGINT", true)).toBe(0);
    expect(running.lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(["shutting down: draining requests and the calendar worker", "stopped"]),
    );
    expect(running.other.join("\n")).not.toMatch(/ERR_PNPM|ELIFECYCLE|Command failed/);
    expect(existsSync(join(shared, "voxanne.lock"))).toBe(false);
  });
});

describe("configuration first", () => {
  it("a malformed TOKEN_ENCRYPTION_KEY stops start-up at once, before the database is created", async () => {
    const never = join(root, "never-created");
    const started = Date.now();
    const failed = await runScript("src/main.ts", [], {
      DATA_DIR: never,
      GOOGLE_CLIENT_ID: "id",
      GOOGLE_CLIENT_SECRET: "secret",
      TOKEN_ENCRYPTION_KEY: "not-base64-of-32-bytes",
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^Invalid configuration: TOKEN_ENCRYPTION_KEY is (missing or )?malformed/);
    expect(failed.stderr).not.toContain("not-base64-of-32-bytes");
    expect(existsSync(never)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("production refuses an in-memory database and a short secret before anything is opened", async () => {
    const production = { NODE_ENV: "production", VAPI_SECRET: "v".repeat(32), ADMIN_TOKEN: "a".repeat(32) };
    const memory = await runScript("src/main.ts", [], { ...production, DATA_DIR: ":memory:" });
    expect(memory).toMatchObject({ code: 1, stderr: expect.stringContaining("DATA_DIR=:memory:") });
    const never = join(root, "never-either");
    const short = await runScript("src/main.ts", [], { ...production, VAPI_SECRET: "short", DATA_DIR: never });
    expect(short).toMatchObject({ code: 1, stderr: expect.stringContaining("VAPI_SECRET is too short") });
    expect(existsSync(never)).toBe(false);
  });
});
