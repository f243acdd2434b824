/** Failures of the connection become STORE_UNAVAILABLE values, never exceptions. */
import { randomUUID } from "node:crypto";
import { defaultClinicSettings, type OrgId } from "@voxanne/domain";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { PostgresStore, SupabaseStore } from "../src/index.ts";
import { freshDatabase } from "./support/postgres-database.ts";
import { httpStatusOf, postgrestRpcDouble } from "./support/postgrest-rpc-double.ts";

const org = randomUUID() as OrgId;

describe("store failures", () => {
  it("pg: a refused connection is STORE_UNAVAILABLE, retryable", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://postgres:postgres@127.0.0.1:1/none", max: 1 });
    pool.on("error", () => {});
    const r = await PostgresStore.overPool(pool).getClinic(org);
    await pool.end();
    expect(r._unsafeUnwrapErr()).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
  });

  it("PostgresStore.connect: a refused connection is STORE_UNAVAILABLE, retryable; close() ends its pool", async () => {
    const idle: Error[] = [];
    const store = PostgresStore.connect("postgres://postgres:postgres@127.0.0.1:1/none", (e) => idle.push(e), {
      max: 1,
    });
    expect((await store.getClinic(org))._unsafeUnwrapErr()).toMatchObject({
      code: "STORE_UNAVAILABLE",
      retryable: true,
    });
    await store.close();
    expect((await store.getClinic(org))._unsafeUnwrapErr().code).toBe("STORE_UNAVAILABLE");
    expect(idle).toEqual([]);
  });

  it("PostgresStore.connect on a live database answers, and close() ends it", async () => {
    const db = await freshDatabase();
    try {
      const store = PostgresStore.connect(db.url, () => {});
      (await store.saveClinic(defaultClinicSettings(org)))._unsafeUnwrap();
      expect((await store.getClinic(org))._unsafeUnwrap().orgId).toBe(org);
      await store.close();
    } finally {
      await db.drop();
    }
  });

  it("supabase-js: a network failure (status 0) is STORE_UNAVAILABLE, retryable", async () => {
    const down: typeof fetch = () => Promise.reject(new TypeError("fetch failed"));
    const store = SupabaseStore.connect({ url: "http://supabase.test", key: "k", fetch: down });
    expect((await store.getClinic(org))._unsafeUnwrapErr()).toMatchObject({
      code: "STORE_UNAVAILABLE",
      retryable: true,
    });
  });

  it("supabase-js: a missing function (PGRST202, not migrated) is STORE_UNAVAILABLE, not retryable", async () => {
    const db = await freshDatabase({ migrated: false });
    try {
      const store = SupabaseStore.connect({
        url: "http://supabase.test",
        key: "k",
        fetch: postgrestRpcDouble(db.pool).fetch,
      });
      const error = (await store.saveClinic(defaultClinicSettings(org)))._unsafeUnwrapErr();
      expect(error).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: false });
      expect(error.cause).toContain("PGRST202");
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
