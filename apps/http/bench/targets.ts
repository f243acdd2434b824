/**
 * @module bench/targets
 * What one back end is measured on: the service as a process under load (`app`), and beside it,
 * in this process, the same service composed over its own database of the same kind (`local`):
 * the limit's direct SQL calls, the availability and contact-storm measurements use it (seeding
 * with SQL needs the database, which an embedded store's owning process holds). PGlite: two data
 * directories on disk, as `pnpm start` keeps them; Postgres: two databases on one embedded server,
 * each reached through a pool of node-postgres' default size, as the service's own.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, openPostgres, type SqlClient } from "@voxanne/adapter-supabase";
import { type Composed, compose } from "../src/composition.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/observability/logger.ts";
import { type RealPostgres, startRealPostgres } from "../test/support/real-postgres.ts";
import { type AppProcess, startApp } from "./app-process.ts";
import { ADMIN_TOKEN, type Requester } from "./clinics.ts";
import type { BackendName } from "./sizes.ts";

export interface Local {
  readonly composed: Composed;
  readonly request: Requester;
  /** The direct SQL client over the local database (the pool for Postgres, PGlite in process). */
  readonly sql: SqlClient;
}

export interface Target {
  readonly name: BackendName;
  readonly app: AppProcess;
  readonly local: Local;
  close(): Promise<void>;
}

/** The service composed in this process over `store` (`DATA_DIR` or `DATABASE_URL`), no demo clinic, silent. */
export async function composeLocal(store: Record<string, string>): Promise<Local> {
  const config = loadConfig({ ADMIN_TOKEN, DEMO_CLINIC: "false", WORKER_ENABLED: "false", ...store });
  const composed = await compose(config, { logger: createLogger("silent"), command: "pnpm bench" });
  const sql = composed.backend.stores.sql;
  if (sql === null) throw new Error("the bench needs a direct SQL client");
  return { composed, request: (path, init) => Promise.resolve(composed.app.request(path, init)), sql };
}

/** A target whose `close()` stops the service, closes the local twin, then runs `after`. */
function targetOf(name: BackendName, app: AppProcess, local: Local, after: () => unknown): Target {
  return {
    name,
    app,
    local,
    close: async () => {
      await app.stop();
      await local.composed.close();
      await after();
    },
  };
}

async function pgliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), "voxanne-bench-"));
  const app = await startApp({ DATA_DIR: join(dir, "app") }, join(dir, "service.log"));
  const local = await composeLocal({ DATA_DIR: join(dir, "local") });
  return targetOf("pglite", app, local, () => rmSync(dir, { recursive: true, force: true }));
}

/** A new database on `server`, migrated (as `pnpm db:migrate` does before a release). */
async function migratedDatabase(server: RealPostgres): Promise<string> {
  const url = await server.database();
  const stores = openPostgres(url, { onIdleError: () => {} });
  try {
    if (stores.sql !== null) await migrate(stores.sql);
  } finally {
    await stores.close();
  }
  return url;
}

async function postgresTarget(): Promise<Target> {
  const server = await startRealPostgres();
  const dir = mkdtempSync(join(tmpdir(), "voxanne-bench-"));
  const app = await startApp({ DATABASE_URL: await migratedDatabase(server) }, join(dir, "service.log"));
  const local = await composeLocal({ DATABASE_URL: await migratedDatabase(server) });
  return targetOf("postgres", app, local, async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
}

export const startTarget = (name: BackendName): Promise<Target> =>
  name === "pglite" ? pgliteTarget() : postgresTarget();
