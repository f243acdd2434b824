/**
 * @module sql-client
 * The least a store needs from a Postgres connection: run one statement with parameters, or a
 * script of several (migrations). Two implementations: a node-postgres `Pool` (any Postgres,
 * Supabase's connection string included) and PGlite (Postgres in WASM, in process).
 */
import type { PGlite } from "@electric-sql/pglite";
import type { Pool, PoolConfig } from "pg";

export type SqlParam = string | number | boolean | null;

export interface SqlClient {
  /** One statement, one round trip; rows come back with json/jsonb already parsed. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** A script of statements without parameters, run as one implicit transaction. */
  exec(sql: string): Promise<void>;
}

/** How much longer than the server's statement timeout the client waits before giving up on a silent server. */
export const CLIENT_TIMEOUT_GRACE_MS = 500;

/**
 * A pool's settings on `url`, bounded in time when `timeoutMs` is given: a connection (or a free
 * slot in the pool) must come within `timeoutMs` (`connectionTimeoutMillis`); the server cancels
 * a statement running longer than `timeoutMs` (`statement_timeout`, SQLSTATE 57014, a startup
 * parameter); and the client stops waiting for a server that has gone silent `timeoutMs` +
 * {@link CLIENT_TIMEOUT_GRACE_MS} after sending (`query_timeout`), dropping that connection.
 * Without `timeoutMs` nothing is bounded (migrations may take their time).
 */
export function poolConfig(
  url: string,
  options: { max?: number | undefined; timeoutMs?: number | undefined },
): PoolConfig {
  const { max, timeoutMs } = options;
  return {
    connectionString: url,
    ...(max === undefined ? {} : { max }),
    ...(timeoutMs === undefined
      ? {}
      : {
          connectionTimeoutMillis: timeoutMs,
          statement_timeout: timeoutMs,
          query_timeout: timeoutMs + CLIENT_TIMEOUT_GRACE_MS,
          keepAlive: true,
        }),
  };
}

export function pgPoolClient(pool: Pool): SqlClient {
  return {
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const result = await pool.query(sql, [...params]);
      return result.rows as Row[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
  };
}

export function pgliteClient(db: PGlite): SqlClient {
  return {
    async query<Row>(sql: string, params: readonly SqlParam[] = []) {
      const result = await db.query<Row>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
  };
}
