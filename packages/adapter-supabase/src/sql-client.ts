/**
 * @module sql-client
 * The least a store needs from a Postgres connection: run one statement with parameters, or a
 * script of several (migrations). Two implementations: a node-postgres `Pool` (any Postgres,
 * Supabase's connection string included) and PGlite (Postgres in WASM, in process).
 */
import type { PGlite } from "@electric-sql/pglite";
import type { Pool } from "pg";

export type SqlParam = string | number | boolean | null;

export interface SqlClient {
  /** One statement, one round trip; rows come back with json/jsonb already parsed. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** A script of statements without parameters, run as one implicit transaction. */
  exec(sql: string): Promise<void>;
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
