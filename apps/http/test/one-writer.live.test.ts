/**
 * One writer per embedded data directory, with real processes: while `pnpm start` holds the
 * directory, `pnpm org:create` (and `pnpm practitioner:add`, `pnpm service:add`) work through the
 * server's admin API or are refused naming the server's PID, a second server and `pnpm worker` are refused, and nothing is lost across a
 * restart; a lock left by a killed server is taken over.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Running, runScript, startServer, stopServer } from "./support/live-server.ts";

const TOKEN = "admin-token-of-the-running-server";
let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "voxanne-one-writer-"));
  dataDir = join(root, "data");
});
afterAll(() => rm(root, { recursive: true, force: true }));

const orgCreate = (args: string[], env: Record<string, string> = {}) =>
  runScript("src/cli/org-create.ts", args, { DATA_DIR: dataDir, ...env });

const DEMO_ORG = "46cf2995-2bee-44e3-838b-24151486fe4e";
const catalogAdd = (script: string, args: string[], env: Record<string, string> = {}) =>
  runScript(`src/cli/${script}.ts`, ["--org", DEMO_ORG, ...args], { DATA_DIR: dataDir, ...env });

async function clinicNames(running: Running): Promise<string[]> {
  const res = await fetch(`${running.url}/api/admin/clinics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { name: string }[]).map((c) => c.name);
}

const lockFile = () => join(dataDir, "voxanne.lock");
const readLock = async () => JSON.parse(await readFile(lockFile(), "utf8")) as { pid: number; url: string | null };

describe("one writer per embedded data directory", () => {
  it("org:create while the server runs lands in it through the admin API, or is refused naming its PID; a restart loses nothing", async () => {
    const server = await startServer({ DATA_DIR: dataDir, ADMIN_TOKEN: TOKEN });
    const pid = server.child.pid;
    try {
      expect(await readLock()).toMatchObject({ pid, url: server.url, command: "pnpm start" });
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);

      const refused = await orgCreate(["--name", "Refused Clinic"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`in use by the server, PID ${pid}`);
      expect(refused.stderr).toContain("ADMIN_TOKEN");
      expect(refused.stdout).toBe("");

      const wrongToken = await orgCreate(["--name", "Refused Clinic"], { ADMIN_TOKEN: "not-the-token" });
      expect(wrongToken.code).toBe(1);
      expect(wrongToken.stderr).toContain(`The server (PID ${pid})`);

      const created = await orgCreate(["--name", "Through The Server", "--slot", "45", "--assistant-id", "asst_tts"], {
        ADMIN_TOKEN: TOKEN,
      });
      expect(created.code).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({ name: "Through The Server", slotMinutes: 45 });
      expect(created.stderr).toContain(`Created through the running server's admin API (PID ${pid}`);

      const conflict = await orgCreate(["--name", "Copycat", "--assistant-id", "asst_tts"], { ADMIN_TOKEN: TOKEN });
      expect(conflict).toMatchObject({ code: 1, stderr: expect.stringMatching(/^--assistant-id: .*already belongs/) });

      expect(await clinicNames(server)).toEqual(["Demo Clinic", "Through The Server"]);

      const practitionerRefused = await catalogAdd("practitioner-add", ["--name", "Dr Live"]);
      expect(practitionerRefused.code).toBe(1);
      expect(practitionerRefused.stderr).toContain(`in use by the server, PID ${pid}`);
      const practitioner = await catalogAdd("practitioner-add", ["--name", "Dr Live"], { ADMIN_TOKEN: TOKEN });
      expect(practitioner.code).toBe(0);
      expect(practitioner.stderr).toContain(`Added through the running server's admin API (PID ${pid}`);
      const { id } = JSON.parse(practitioner.stdout) as { id: string };
      const badService = await catalogAdd(
        "service-add",
        ["--name", "x", "--duration", "30", "--practitioner", "nope"],
        {
          ADMIN_TOKEN: TOKEN,
        },
      );
      expect(badService).toMatchObject({ code: 1, stderr: expect.stringMatching(/^--practitioner: /) });
      const service = await catalogAdd(
        "service-add",
        ["--name", "live check", "--duration", "15", "--practitioner", id],
        {
          ADMIN_TOKEN: TOKEN,
        },
      );
      expect(service.code).toBe(0);
      expect(JSON.parse(service.stdout)).toMatchObject({ name: "live check", practitionerIds: [id] });

      const second = await startServer({ DATA_DIR: dataDir, ADMIN_TOKEN: TOKEN }).then(
        () => "started",
        (e: Error) => e.message,
      );
      expect(second).toMatch(
        new RegExp(`exited 1 before listening: .*in use by PID ${pid} \\(pnpm start, listening on`),
      );
    } finally {
      expect(await stopServer(server, "SIGINT")).toBe(0);
    }
    expect(existsSync(lockFile())).toBe(false);

    const offline = await orgCreate(["--name", "While Stopped"]);
    expect(offline.code).toBe(0);
    expect(existsSync(lockFile())).toBe(false);

    const restarted = await startServer({ DATA_DIR: dataDir, ADMIN_TOKEN: TOKEN });
    try {
      expect(await clinicNames(restarted)).toEqual(["Demo Clinic", "Through The Server", "While Stopped"]);
    } finally {
      expect(await stopServer(restarted)).toBe(0);
    }
  });

  it("takes over a lock left by a server that was killed", async () => {
    const killed = await startServer({ DATA_DIR: dataDir });
    const deadPid = killed.child.pid;
    await stopServer(killed, "SIGKILL");
    expect(await readLock()).toMatchObject({ pid: deadPid });
    const next = await startServer({ DATA_DIR: dataDir });
    try {
      expect(await readLock()).toMatchObject({ pid: next.child.pid, url: next.url });
    } finally {
      expect(await stopServer(next)).toBe(0);
    }
  });

  it("pnpm worker on the embedded database says it is not needed, exits non-zero, and opens nothing", async () => {
    const never = join(root, "worker-data");
    const worker = await runScript("src/worker-main.ts", [], { DATA_DIR: never });
    expect(worker.code).toBe(1);
    expect(worker.stderr).toMatch(/^pnpm worker is not needed with the embedded database: `pnpm start` runs/);
    expect(existsSync(never)).toBe(false);
  });
});
