/**
 * Readiness: SqlSchemaStatus compares the newest bundled migration with the database's
 * schema_version(), over every carrier; and every new migration must redefine schema_version()
 * to answer its own version, or this file fails.
 */
import { readFile } from "node:fs/promises";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  latestMigrationVersion,
  listMigrations,
  MIGRATIONS_DIR,
  migrationVersion,
  openSupabase,
  postgresStores,
} from "../src/index.ts";
import { carriers, supabaseOver } from "./support/carriers.ts";
import { freshDatabase } from "./support/postgres-database.ts";

const SCHEMA_VERSION = /create or replace function schema_version\(\)[\s\S]*?'(\d+)'/gi;

describe("the newest migration", () => {
  it("redefines schema_version() to return its own version", async () => {
    const newest = (await listMigrations()).at(-1) ?? "";
    const sql = await readFile(new URL(newest, MIGRATIONS_DIR), "utf8");
    const answered = [...sql.matchAll(SCHEMA_VERSION)].map((m) => m[1]);
    expect(
      answered,
      `${newest} must end with: create or replace function schema_version() … '${migrationVersion(newest)}'`,
    ).toEqual([migrationVersion(newest)]);
    expect(await latestMigrationVersion()).toBe(migrationVersion(newest));
  });
});

describe.each(Object.entries(carriers))("schema status over %s", (_, open) => {
  it("a migrated database is current", async () => {
    const carrier = await open();
    try {
      const expected = await latestMigrationVersion();
      expect((await carrier.stores.schema.check())._unsafeUnwrap()).toEqual({
        expected,
        actual: expected,
        current: true,
      });
    } finally {
      await carrier.close();
    }
  });

  it("a database on another version is not current", async () => {
    const carrier = await open();
    try {
      await carrier.sql.exec(
        "create or replace function schema_version() returns jsonb language sql stable as $$ select jsonb_build_object('version', '20260301000700') $$",
      );
      expect((await carrier.stores.schema.check())._unsafeUnwrap()).toMatchObject({
        actual: "20260301000700",
        current: false,
      });
    } finally {
      await carrier.close();
    }
  });
});

describe("schema status without a schema or a database", () => {
  it("an unmigrated database answers actual null, not current (pg and supabase-js)", async () => {
    const db = await freshDatabase({ migrated: false });
    try {
      const expected = await latestMigrationVersion();
      for (const stores of [postgresStores(db.pool), supabaseOver(db)]) {
        expect((await stores.schema.check())._unsafeUnwrap()).toEqual({ expected, actual: null, current: false });
      }
    } finally {
      await db.drop();
    }
  });

  it("an unreachable database is STORE_UNAVAILABLE, retryable (pg and supabase-js)", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://postgres:postgres@127.0.0.1:1/none", max: 1 });
    pool.on("error", () => {});
    const down: typeof fetch = () => Promise.reject(new TypeError("fetch failed"));
    try {
      for (const stores of [
        postgresStores(pool),
        openSupabase({ url: "http://supabase.test", key: "k", fetch: down }),
      ]) {
        expect((await stores.schema.check())._unsafeUnwrapErr()).toMatchObject({
          code: "STORE_UNAVAILABLE",
          retryable: true,
        });
      }
    } finally {
      await pool.end();
    }
  });
});
