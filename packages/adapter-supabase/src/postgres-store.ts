/**
 * @module postgres-store
 * The store over a direct Postgres connection: a node-postgres Pool (DATABASE_URL, Supabase's
 * connection string included) or PGlite (embedded, in process). Same SQL functions as the
 * supabase-js store; each booking is one statement.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { Pool } from "pg";
import { FunctionStore } from "./function-store.ts";
import { sqlRpc } from "./rpc.ts";
import { pgliteClient, pgPoolClient, type SqlClient } from "./sql-client.ts";

export class PostgresStore extends FunctionStore {
  readonly client: SqlClient;

  constructor(client: SqlClient) {
    super(sqlRpc(client));
    this.client = client;
  }

  static overPool(pool: Pool): PostgresStore {
    return new PostgresStore(pgPoolClient(pool));
  }

  static overPglite(db: PGlite): PostgresStore {
    return new PostgresStore(pgliteClient(db));
  }
}
