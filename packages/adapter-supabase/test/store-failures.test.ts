/** Failures of the connection become STORE_UNAVAILABLE values, never exceptions. */
import { randomUUID } from "node:crypto";
import { defaultClinicSettings, type OrgId } from "@voxanne/domain";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openPostgres, openSupabase, postgresStores } from "../src/index.ts";
import { supabaseOver } from "./support/carriers.ts";
import { freshDatabase } from "./support/postgres-database.ts";
import { httpStatusOf } from "./support/postgrest-rpc-double.ts";

const org = randomUUID() as OrgId;

describe("store failures", () => {
  it("pg: a refused connection is STORE_UNAVAILABLE, retryable", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://postgres:postgres@127.0.0.1:1/none", max: 1 });
    pool.on("error", () => {});
    const r = await postgresStores(pool).clinics.getClinic(org);
    await pool.end();
    expect(r._unsafeUnwrapErr()).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
  });

  it("openPostgres: a refused connection is STORE_UNAVAILABLE, retryable; close() ends its pool", async () => {
    const idle: Error[] = [];
    const stores = openPostgres("postgres://postgres:postgres@127.0.0.1:1/none", {
      onIdleError: (e) => idle.push(e),
      max: 1,
    });
    expect((await stores.clinics.getClinic(org))._unsafeUnwrapErr()).toMatchObject({
      code: "STORE_UNAVAILABLE",
      retryable: true,
    });
    await stores.close();
    await stores.close();
    expect((await stores.clinics.getClinic(org))._unsafeUnwrapErr().code).toBe("STORE_UNAVAILABLE");
    expect(idle).toEqual([]);
  });

  it("openPostgres on a live database answers, and close() ends it", async () => {
    const db = await freshDatabase();
    try {
      const stores = openPostgres(db.url, { onIdleError: () => {} });
      const settings = defaultClinicSettings(org);
      (await stores.clinics.saveClinic({ mode: "create", settings, vapi: {} }))._unsafeUnwrap();
      expect((await stores.clinics.getClinic(org))._unsafeUnwrap()).toMatchObject(settings);
      expect(stores.sql).not.toBeNull();
      await stores.close();
    } finally {
      await db.drop();
    }
  });

  it("supabase-js: a network failure (status 0) is STORE_UNAVAILABLE, retryable", async () => {
    const down: typeof fetch = () => Promise.reject(new TypeError("fetch failed"));
    const stores = openSupabase({ url: "http://supabase.test", key: "k", fetch: down });
    expect(stores.sql).toBeNull();
    expect((await stores.clinics.getClinic(org))._unsafeUnwrapErr()).toMatchObject({
      code: "STORE_UNAVAILABLE",
      retryable: true,
    });
  });

  it("supabase-js: a missing function (PGRST202, not migrated) is STORE_UNAVAILABLE, not retryable", async () => {
    const db = await freshDatabase({ migrated: false });
    try {
      const create = { mode: "create", settings: defaultClinicSettings(org), vapi: {} } as const;
      const error = (await supabaseOver(db).clinics.saveClinic(create))._unsafeUnwrapErr();
      expect(error).toMatchObject({
        code: "STORE_UNAVAILABLE",
        retryable: false,
        cause: expect.stringContaining("PGRST202"),
      });
    } finally {
      await db.drop();
    }
  });

  it("the double maps SQLSTATEs to HTTP like PostgREST", () => {
    expect(
      [
        "23505",
        "23503",
        "23P01",
        "P0001",
        "P0002",
        "42501",
        "42883",
        "40P01",
        "08006",
        "53300",
        "57P01",
        "PT409",
        "22P02",
      ].map(httpStatusOf),
    ).toEqual([409, 409, 400, 400, 500, 403, 404, 500, 503, 503, 503, 409, 400]);
  });
});
