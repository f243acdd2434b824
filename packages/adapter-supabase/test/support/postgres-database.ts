/**
 * A database of its own on the run's embedded Postgres (see global-setup.ts), migrated, with a
 * pg Pool; `drop()` ends the pool and drops the database.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { migrate, pgPoolClient } from "../../src/index.ts";

export interface TestDatabase {
  readonly url: string;
  readonly pool: pg.Pool;
  drop(): Promise<void>;
}

export async function freshDatabase(options: { max?: number; migrated?: boolean } = {}): Promise<TestDatabase> {
  const admin = inject("postgresUrl");
  const name = `t_${randomUUID().replaceAll("-", "")}`;
  const adminPool = new pg.Pool({ connectionString: admin, max: 1 });
  await adminPool.query(`create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: options.max ?? 10 });
  // An idle client's error (e.g. 57P01 when the database is dropped) must not crash the run.
  pool.on("error", () => {});
  if (options.migrated ?? true) await migrate(pgPoolClient(pool));
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      await adminPool.query(`drop database if exists ${name} with (force)`);
      await adminPool.end();
    },
  };
}
