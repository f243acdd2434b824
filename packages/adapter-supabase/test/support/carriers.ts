/**
 * The three ways a FunctionStore reaches Postgres, each over a migrated database of its own:
 * PGlite (in process), a pg Pool on the run's real Postgres, and supabase-js through the
 * PostgREST RPC double (on real Postgres). `sql` reaches the same database directly, for checks.
 */

import type { FunctionStore } from "../../src/index.ts";
import { migrate, openPglite, PostgresStore, pgPoolClient, type SqlClient, SupabaseStore } from "../../src/index.ts";
import { freshDatabase } from "./postgres-database.ts";
import { postgrestRpcDouble } from "./postgrest-rpc-double.ts";

export interface Carrier {
  readonly store: FunctionStore;
  readonly sql: SqlClient;
  close(): Promise<void>;
}

export const carriers: Readonly<Record<"PGlite" | "pg Pool" | "supabase-js", () => Promise<Carrier>>> = {
  async PGlite() {
    const db = await openPglite();
    const store = PostgresStore.overPglite(db);
    await migrate(store.client);
    return { store, sql: store.client, close: () => db.close() };
  },
  async "pg Pool"() {
    const db = await freshDatabase();
    const store = PostgresStore.overPool(db.pool);
    return { store, sql: store.client, close: () => db.drop() };
  },
  async "supabase-js"() {
    const db = await freshDatabase();
    const store = SupabaseStore.connect({
      url: "http://supabase.test",
      key: "k",
      fetch: postgrestRpcDouble(db.pool).fetch,
    });
    return { store, sql: pgPoolClient(db.pool), close: () => db.drop() };
  },
};
