/**
 * `pnpm verify` as a process: passes on the embedded default; against a real Postgres whose
 * overlap exclusion constraint was dropped on purpose it fails, naming the constraint and the
 * SQL that restores it (which, run as printed, does); a configuration error is one failing line
 * and opens nothing; while `pnpm start` holds the embedded directory it asks that server.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, openPostgres } from "@voxanne/adapter-supabase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compose } from "../src/composition.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/observability/logger.ts";
import { type RealPostgres, startRealPostgres } from "./support/real-postgres.ts";
import { APP_DIR, runCli } from "./support/run-cli.ts";

const VERIFY = "src/cli/verify.ts";
const DEMO = `clinic "Demo Clinic" (46cf2995-2bee-44e3-838b-24151486fe4e)`;
const ADMIN_TOKEN = "verify-test-admin-token-0123456789abcdef";

let pg: RealPostgres;
let tmp: string;
beforeAll(async () => {
  [pg, tmp] = await Promise.all([startRealPostgres(), mkdtemp(join(tmpdir(), "voxanne-verify-"))]);
});
afterAll(async () => {
  await pg?.stop();
  await rm(tmp, { recursive: true, force: true });
});

/** The embedded database as `pnpm start` leaves it: migrated, with the demo clinic. */
async function startedOnce(dataDir: string): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, WORKER_ENABLED: "false" });
  const composed = await compose(config, { logger: createLogger("silent"), command: "test" });
  await composed.close();
}

describe("pnpm verify", () => {
  it("passes on the embedded default: exit 0, READY, the schema checks and the demo clinic's lines pass", async () => {
    const dataDir = join(tmp, "embedded");
    await startedOnce(dataDir);
    const run = await runCli(VERIFY, [], { DATA_DIR: dataDir });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`voxanne verify: embedded PGlite in ${dataDir}`);
    for (const line of [
      "PASS  database reachable",
      "PASS  migrations current",
      "PASS  extension btree_gist",
      "PASS  constraint uq_contacts_org_phone: UNIQUE (org_id, phone)",
      "PASS  constraint ex_appointments_practitioner_no_overlap: EXCLUDE USING gist",
      "PASS  column appointments.contact_id nullable: nullable, ON DELETE SET NULL",
      "PASS  row level security on every table",
      `PASS  ${DEMO}: zone: Europe/London`,
      `PASS  ${DEMO}: outbox: empty`,
      "WARN  Vapi secret: not set",
    ]) {
      expect(run.stdout).toContain(line);
    }
    expect(run.stdout).toMatch(/^READY \(0 failing, \d+ warning, \d+ passing checks\)$/m);
  });

  it("the root package script runs it, and --json gives the same report", async () => {
    const dataDir = join(tmp, "embedded");
    const child = spawn("pnpm", ["--silent", "verify", "--json"], {
      cwd: join(APP_DIR, "../.."),
      env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const [code] = await once(child, "close");
    expect(code).toBe(0);
    const report = JSON.parse(out) as { ready: boolean; checks: { name: string; status: string }[] };
    expect(report.ready).toBe(true);
    expect(report.checks).toContainEqual(
      expect.objectContaining({ name: "constraint ex_appointments_practitioner_no_overlap", status: "pass" }),
    );
  });

  it("fails against a Postgres whose exclusion constraint was dropped, naming it and the SQL that restores it", async () => {
    const url = await pg.database();
    const stores = openPostgres(url, { onIdleError: () => {} });
    try {
      if (stores.sql === null) throw new Error("no direct SQL client");
      await migrate(stores.sql);
      await stores.sql.exec("alter table appointments drop constraint ex_appointments_practitioner_no_overlap");
      const run = await runCli(VERIFY, [], { DATABASE_URL: url });
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toContain(
        "FAIL  constraint ex_appointments_practitioner_no_overlap: missing: two live appointments",
      );
      expect(run.stdout).toMatch(/^NOT READY \(1 failing,/m);
      const fix =
        /^ {8}fix: (alter table appointments add constraint ex_appointments_practitioner_no_overlap .*)$/m.exec(
          run.stdout,
        );
      expect(fix?.[1]).toContain(
        "exclude using gist (practitioner_id with =, tstzrange(blocks_from, blocks_until) with &&)",
      );
      await stores.sql.exec(fix?.[1] ?? "");
      const again = await runCli(VERIFY, [], { DATABASE_URL: url });
      expect(again.code, again.stdout).toBe(0);
      expect(again.stdout).toContain("PASS  constraint ex_appointments_practitioner_no_overlap");
    } finally {
      await stores.close();
    }
  });

  it("a configuration error is one failing line naming the variable, and opens nothing", async () => {
    const dataDir = join(tmp, "never-opened");
    const run = await runCli(VERIFY, [], { DATA_DIR: dataDir, PORT: "not-a-port" });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {2}FAIL {2}configuration: Invalid configuration: PORT/m);
    expect(run.stdout).toContain("NOT READY (1 failing, 0 warning, 0 passing checks)");
    expect(existsSync(dataDir)).toBe(false);
  });

  it("while pnpm start holds the embedded directory: asks the server with ADMIN_TOKEN, else refuses and says how", async () => {
    const dataDir = join(tmp, "held");
    const server = await startServer(dataDir);
    try {
      const asked = await runCli(VERIFY, [], { DATA_DIR: dataDir, ADMIN_TOKEN });
      expect(asked.code, asked.stdout + asked.stderr).toBe(0);
      expect(asked.stdout).toContain(`the server holding ${dataDir} (PID ${server.pid}, pnpm start) at ${server.url}`);
      expect(asked.stdout).toContain(`PASS  ${DEMO}: zone: Europe/London`);
      const refused = await runCli(VERIFY, [], { DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain("FAIL  running server: it holds the embedded database");
      expect(refused.stdout).toContain("ADMIN_TOKEN=<the server's token> pnpm verify");
    } finally {
      await server.stop();
    }
  });
});

interface Server {
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

async function startServer(dataDir: string): Promise<Server> {
  const child: ChildProcess = spawn(process.execPath, ["src/main.ts"], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info", ADMIN_TOKEN },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    child.stdout?.on("data", (d: Buffer) => {
      buffered += d.toString();
      const match = /"url":"(http:[^"]+)"[^\n]*voxanne booking core listening/.exec(buffered);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`the server exited ${code} before listening`)));
  });
  return {
    pid: child.pid ?? -1,
    url,
    async stop() {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
