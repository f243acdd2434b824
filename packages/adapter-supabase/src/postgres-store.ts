/**
 * @module postgres-store
 * The store over a direct Postgres connection: a node-postgres Pool (DATABASE_URL, Supabase's
 * connection string included) or PGlite (embedded, in process). Same SQL functions as the
 * supabase-js store; each booking is one statement.
 */
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { FunctionStore } from "./function-store.ts";
import { sqlRpc } from "./rpc.ts";
import { pgliteClient, pgPoolClient, type SqlClient } from "./sql-client.ts";

export class PostgresStore extends FunctionStore {
  readonly client: SqlClient;
  private readonly release: () => Promise<void>;

  constructor(client: SqlClient, release: () => Promise<void> = async () => undefined) {
    super(sqlRpc(client));
    this.client = client;
    this.release = release;
  }

  /** Over a pool the caller owns (and ends). */
  static overPool(pool: pg.Pool): PostgresStore {
    return new PostgresStore(pgPoolClient(pool));
  }

  /** Over a PGlite database the caller owns (and closes). */
  static overPglite(db: PGlite): PostgresStore {
    return new PostgresStore(pgliteClient(db));
  }

  /**
   * Opens a pool of its own on `connectionString` (`close()` ends it). `onIdleError` hears the
   * errors of idle connections (a restarted database, a dropped socket), which would otherwise
   * crash the process; the next query opens a new connection.
   */
  static connect(
    connectionString: string,
    onIdleError: (error: Error) => void,
    options: { readonly max?: number } = {},
  ): PostgresStore {
    const pool = new pg.Pool({ connectionString, ...options });
    pool.on("error", onIdleError);
    return new PostgresStore(pgPoolClient(pool), () => pool.end());
  }

  /** Ends what this store opened itself (the pool of `connect`); a no-op over a pool or PGlite given to it. */
  close(): Promise<void> {
    return this.release();
  }
}
