/**
 * A real Postgres for one test file: the adapter's `startEmbeddedPostgres`
 * (`@voxanne/adapter-supabase/testing`) on a free port in a temporary directory. `database()` makes a
 * fresh, empty database and answers its URL; `stop()` ends the server.
 */
import { openPostgres } from "@voxanne/adapter-supabase";
import { startEmbeddedPostgres } from "@voxanne/adapter-supabase/testing";

export interface RealPostgres {
  /** A new empty database on the server: its connection URL. */
  database(): Promise<string>;
  stop(): Promise<void>;
}

export async function startRealPostgres(): Promise<RealPostgres> {
  const server = await startEmbeddedPostgres({ prefix: "voxanne-http-pg-" });
  const admin = server.adminUrl;
  const port = server.port;
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
    stop: () => server.stop(),
  };
}
