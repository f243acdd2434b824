/**
 * A database that accepts connections and never answers, or a statement that runs too long, is a
 * retryable STORE_UNAVAILABLE within the timeout, on every client: the pg pool (connect, pool
 * slot, server-side statement timeout) and supabase-js (each request aborted).
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server, type Socket } from "node:net";
import type { OrgId, StoreUnavailable } from "@voxanne/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres, openSupabase, type SqlStores } from "../src/index.ts";
import { CLIENT_TIMEOUT_GRACE_MS, poolConfig } from "../src/sql-client.ts";
import { fetchWithTimeout } from "../src/supabase-rpc.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";

const TIMEOUT_MS = 300;
/** Generous slack for a loaded machine; what matters is "about the timeout", not the 15 s and more of no timeout. */
const SLACK_MS = 1500;
const org = randomUUID() as OrgId;

/** A TCP server that accepts every connection and never writes a byte. */
async function hungServer(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return { server, port, sockets };
}

async function timed<T>(run: () => PromiseLike<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

function expectRetryableOutage(error: StoreUnavailable | { code: string }) {
  expect(error).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
}

describe("a database that accepts connections and never answers", () => {
  let hung: Awaited<ReturnType<typeof hungServer>>;
  beforeAll(async () => {
    hung = await hungServer();
  });
  afterAll(async () => {
    for (const s of hung.sockets) s.destroy();
    await new Promise<void>((resolve) => hung.server.close(() => resolve()));
  });

  it("pg pool: STORE_UNAVAILABLE (retryable) after about timeoutMs, for the call and for one queued behind it", async () => {
    const idle: Error[] = [];
    const stores = openPostgres(`postgres://u:p@127.0.0.1:${hung.port}/db`, {
      onIdleError: (e) => idle.push(e),
      max: 1,
      timeoutMs: TIMEOUT_MS,
    });
    try {
      const { value, ms } = await timed(() =>
        Promise.all([
          stores.clinics.getClinic(org),
          stores.tenants.orgForVapi({ assistantId: "a", phoneNumberId: null }),
        ]),
      );
      for (const r of value) expectRetryableOutage(r._unsafeUnwrapErr());
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    } finally {
      await stores.close();
    }
  });

  it("supabase-js: each request is aborted after timeoutMs and is STORE_UNAVAILABLE (retryable)", async () => {
    const stores = openSupabase({ url: `http://127.0.0.1:${hung.port}`, key: "sb_secret_test", timeoutMs: TIMEOUT_MS });
    const { value, ms } = await timed(() => stores.clinics.getClinic(org));
    expectRetryableOutage(value._unsafeUnwrapErr());
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });
});

describe("a real Postgres whose statement runs too long", () => {
  let db: TestDatabase;
  let stores: SqlStores;
  beforeAll(async () => {
    db = await freshDatabase();
    stores = openPostgres(db.url, { onIdleError: () => {}, max: 2, timeoutMs: TIMEOUT_MS });
  });
  afterAll(async () => {
    await stores.close();
    await db.drop();
  });

  it("pg_sleep through the pool is cancelled by the server (57014) after timeoutMs; the pool still answers", async () => {
    const sql = stores.sql;
    if (sql === null) throw new Error("openPostgres has a SQL client");
    const { value: error, ms } = await timed(() =>
      sql.query("select pg_sleep(5)").then(
        () => null,
        (e: unknown) => e,
      ),
    );
    expect(error).toMatchObject({ code: "57014" });
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(await sql.query<{ one: number }>("select 1 as one")).toEqual([{ one: 1 }]);
  });

  it("a store call waiting on a lock held elsewhere is a retryable STORE_UNAVAILABLE after timeoutMs", async () => {
    const holder = await db.pool.connect();
    try {
      await holder.query("begin");
      await holder.query("lock table organizations in access exclusive mode");
      const { value, ms } = await timed(() => stores.clinics.getClinic(org));
      const error = value._unsafeUnwrapErr();
      expectRetryableOutage(error);
      expect(error.code === "STORE_UNAVAILABLE" ? error.cause : "").toContain("57014");
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    } finally {
      await holder.query("rollback");
      holder.release();
    }
    expect((await stores.clinics.getClinic(org))._unsafeUnwrapErr().code).toBe("UNKNOWN_ORG");
  });
});

describe("the settings", () => {
  it("bound connect, statement and a silent server only when timeoutMs is given", () => {
    expect(poolConfig("postgres://x/y", { timeoutMs: 2000, max: 4 })).toMatchObject({
      connectionString: "postgres://x/y",
      max: 4,
      connectionTimeoutMillis: 2000,
      statement_timeout: 2000,
      query_timeout: 2000 + CLIENT_TIMEOUT_GRACE_MS,
    });
    const unbounded = poolConfig("postgres://x/y", {});
    expect(unbounded).toEqual({ connectionString: "postgres://x/y" });
  });

  it("the supabase fetch keeps the caller's own abort signal besides the timeout", async () => {
    const seen: (AbortSignal | null | undefined)[] = [];
    const base: typeof fetch = (_input, init) => {
      seen.push(init?.signal);
      return Promise.resolve(new Response("[]"));
    };
    const own = new AbortController();
    await fetchWithTimeout(base, 10_000)("http://x", { signal: own.signal });
    own.abort();
    expect(seen[0]?.aborted).toBe(true);
  });
});
