/**
 * `pnpm start` as a newcomer runs it: a real process on a real port, the embedded default
 * (PGlite under a data directory, the demo clinic), the README's flat curl body, a graceful stop,
 * and a restart that still has the booking.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORG } from "./support/harness.ts";

const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "voxanne-start-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly lines: Record<string, unknown>[];
}

async function start(): Promise<Running> {
  const child = spawn(process.execPath, ["src/main.ts"], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  let errors = "";
  child.stderr?.on("data", (d: Buffer) => {
    errors += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const part of parts) {
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        if (line.msg === "voxanne booking core listening") resolve(String(line.url));
      }
    });
    child.once("exit", (code) => reject(new Error(`exited ${code} before listening: ${errors}`)));
  });
  return { child, url, lines };
}

async function stop(running: Running): Promise<number | null> {
  const exited = once(running.child, "exit");
  running.child.kill("SIGTERM");
  const [code] = await exited;
  return code as number | null;
}

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
    const first = await start();
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
      expect(await stop(first)).toBe(0);
    }

    const second = await start();
    try {
      const res = await fetch(`${second.url}/api/vapi/tools/findAppointments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ patientPhone: "+441234567890", customer: { metadata: { org_id: DEMO_ORG } } }),
      });
      const content = JSON.parse(((await res.json()) as { toolResult: { content: string } }).toolResult.content);
      expect(content.appointments).toHaveLength(1);
      expect(content.appointments[0].startsAt.slice(0, 10)).toBe(date);
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });
});
