/**
 * @module drills/stores
 * The databases a drill runs the service on, each with a way to read it afterwards: an embedded
 * PGlite data directory (read in this process once the service has let go of it) and a database
 * on an embedded Postgres (read over node-postgres at any time), migrated as `pnpm db:migrate`
 * would before a release. `pause()` / `resume()` stop and start the Postgres server on its data.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPglite, migrate, openPostgres, pgliteClient, type SqlClient } from "@voxanne/adapter-supabase";
import { startEmbeddedPostgres } from "@voxanne/adapter-supabase/testing";

export type DrillBackend = "pglite" | "postgres";

export interface DrillStore {
  readonly backend: DrillBackend;
  /** The environment that points the service at this store. */
  readonly env: Record<string, string>;
  /** Runs `read` with a SQL client on the store (for PGlite: only while no service holds it). */
  read<T>(read: (sql: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface PostgresStore extends DrillStore {
  pause(): Promise<void>;
  resume(): Promise<void>;
}

export function pgliteStore(): DrillStore {
  const dir = mkdtempSync(join(tmpdir(), "voxanne-drill-"));
  const dataDir = join(dir, "data");
  return {
    backend: "pglite",
    env: { DATA_DIR: dataDir },
    read: async (read) => {
      const db = await createPglite(dataDir);
      try {
        return await read(pgliteClient(db));
      } finally {
        await db.close();
      }
    },
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function withPostgres<T>(url: string, use: (sql: SqlClient) => Promise<T>): Promise<T> {
  const stores = openPostgres(url, { onIdleError: () => {} });
  try {
    if (stores.sql === null) throw new Error("node-postgres stores without a SQL client");
    return await use(stores.sql);
  } finally {
    await stores.close();
  }
}

export async function postgresStore(): Promise<PostgresStore> {
  const server = await startEmbeddedPostgres({ prefix: "voxanne-drill-pg-" });
  const url = `postgres://postgres:postgres@127.0.0.1:${server.port}/drill`;
  await withPostgres(server.adminUrl, (sql) => sql.exec("create database drill"));
  await withPostgres(url, (sql) => migrate(sql));
  return {
    backend: "postgres",
    env: { DATABASE_URL: url },
    read: (read) => withPostgres(url, read),
    pause: () => server.pause(),
    resume: () => server.resume(),
    close: () => server.stop(),
  };
}

export const openStore = (backend: DrillBackend): Promise<DrillStore> =>
  backend === "pglite" ? Promise.resolve(pgliteStore()) : postgresStore();
