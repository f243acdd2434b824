/**
 * The three ways the stores reach Postgres, each over a migrated database of its own: PGlite (in
 * process), a pg Pool on the run's real Postgres, and supabase-js through the PostgREST RPC double
 * (on real Postgres). `sql` reaches the same database directly, for checks.
 */
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import {
  createPglite,
  migrate,
  openSupabase,
  pgliteClient,
  pgliteStores,
  pgPoolClient,
  postgresStores,
  type SqlClient,
  type SqlStores,
} from "../../src/index.ts";
import { freshDatabase, type TestDatabase } from "./postgres-database.ts";
import { postgrestRpcDouble } from "./postgrest-rpc-double.ts";

export interface Carrier {
  readonly stores: SqlStores;
  readonly sql: SqlClient;
  close(): Promise<void>;
}

export type CarrierName = "PGlite" | "pg Pool" | "supabase-js";

/** supabase-js (service key) over the PostgREST RPC double on `db`. */
export const supabaseOver = (db: Pick<TestDatabase, "pool">): SqlStores =>
  openSupabase({ url: "http://supabase.test", key: "sb_secret_test", fetch: postgrestRpcDouble(db.pool).fetch });

let template: Promise<File | Blob> | undefined;

/** A migrated, empty PGlite's data directory, made once per test file. */
async function migratedDump(): Promise<File | Blob> {
  const db = await createPglite();
  try {
    await migrate(pgliteClient(db));
    return await db.dumpDataDir("none");
  } finally {
    await db.close();
  }
}

/**
 * A fresh, migrated PGlite, started from a copy of the template's data directory: a third of the
 * time of a new one, which counts when the outbox contract opens one per case.
 */
async function freshPglite(): Promise<PGlite> {
  template ??= migratedDump();
  const db = new PGlite({ loadDataDir: await template, extensions: { btree_gist } });
  await db.waitReady;
  return db;
}

export const carriers: Readonly<Record<CarrierName, () => Promise<Carrier>>> = {
  async PGlite() {
    const db = await freshPglite();
    return { stores: pgliteStores(db), sql: pgliteClient(db), close: () => db.close() };
  },
  async "pg Pool"() {
    const db = await freshDatabase();
    return { stores: postgresStores(db.pool), sql: pgPoolClient(db.pool), close: () => db.drop() };
  },
  async "supabase-js"() {
    const db = await freshDatabase();
    return { stores: supabaseOver(db), sql: pgPoolClient(db.pool), close: () => db.drop() };
  },
};
