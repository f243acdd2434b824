/**
 * @module open-stores
 * Opening the stores: one `SqlStores` (a store per domain port) over one carrier, whichever it
 * is: a node-postgres pool (any Postgres, Supabase's connection string included), PGlite
 * (embedded, in process) or supabase-js (HTTPS, functions only). Every store calls the same SQL
 * functions through the same `RpcCaller`; `close()` ends what the opener opened, nothing else.
 */
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { type MigrationReport, migrate } from "./migrate.ts";
import { createPglite } from "./pglite.ts";
import { type AutovacuumOptions, startAutovacuum } from "./pglite-autovacuum.ts";
import { type RpcCaller, sqlRpc } from "./rpc.ts";
import { SqlBookingStore } from "./sql-booking-store.ts";
import { pgliteClient, pgPoolClient, poolConfig, type SqlClient } from "./sql-client.ts";
import { SqlClinicCatalog } from "./sql-clinic-catalog.ts";
import { SqlClinicDirectory } from "./sql-clinic-directory.ts";
import { SqlConnectAttempts } from "./sql-connect-attempts.ts";
import { SqlIntegrationStore } from "./sql-integration-store.ts";
import { SqlNotificationOutbox } from "./sql-notification-outbox.ts";
import { SqlNotificationSettings } from "./sql-notification-settings.ts";
import { SqlSchemaStatus } from "./sql-schema-status.ts";
import { SqlSyncOutbox } from "./sql-sync-outbox.ts";
import { SqlTenantDirectory } from "./sql-tenant-directory.ts";
import { type SupabaseOptions, supabaseRpc } from "./supabase-rpc.ts";
import type { TokenCipher } from "./token-cipher.ts";

export interface SqlStores {
  readonly bookings: SqlBookingStore;
  readonly clinics: SqlClinicDirectory;
  /** The clinics' practitioners, services and booking policy. */
  readonly catalog: SqlClinicCatalog;
  readonly tenants: SqlTenantDirectory;
  readonly outbox: SqlSyncOutbox;
  /** The notification outbox (jobs queued by a trigger on appointments) and each clinic's notification settings. */
  readonly notifications: SqlNotificationOutbox;
  readonly notificationSettings: SqlNotificationSettings;
  readonly schema: SqlSchemaStatus;
  /** Calendar connect attempts (used once) and the account each clinic's link belongs to. */
  readonly connectAttempts: SqlConnectAttempts;
  /** The calendar links over the same carrier, tokens encrypted with `cipher`. */
  integrations(cipher: TokenCipher): SqlIntegrationStore;
  /** The direct SQL client where there is one (pg / PGlite); null over supabase-js. */
  readonly sql: SqlClient | null;
  /** Ends what the opener opened (its pool, its PGlite); a no-op over a connection the caller owns. */
  close(): Promise<void>;
}

/** `openPglite`'s stores: a direct SQL client always, and what migrating on open applied. */
export interface PgliteStores extends SqlStores {
  readonly sql: SqlClient;
  readonly migrated: MigrationReport;
}

/** `fn` once: later calls get the first call's promise (ending a pool twice throws). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => {
    done ??= fn();
    return done;
  };
}

/** Every store over one `RpcCaller`; `sql` and `close` as the carrier provides them. */
export function storesOver(rpc: RpcCaller, options: { sql?: SqlClient; close?: () => Promise<void> } = {}): SqlStores {
  return {
    bookings: new SqlBookingStore(rpc),
    clinics: new SqlClinicDirectory(rpc),
    catalog: new SqlClinicCatalog(rpc),
    tenants: new SqlTenantDirectory(rpc),
    outbox: new SqlSyncOutbox(rpc),
    notifications: new SqlNotificationOutbox(rpc),
    notificationSettings: new SqlNotificationSettings(rpc),
    schema: new SqlSchemaStatus(rpc),
    connectAttempts: new SqlConnectAttempts(rpc),
    integrations: (cipher) => new SqlIntegrationStore(rpc, cipher),
    sql: options.sql ?? null,
    close: once(options.close ?? (async () => undefined)),
  };
}

function overClient(sql: SqlClient, close?: () => Promise<void>): SqlStores {
  return storesOver(sqlRpc(sql), close === undefined ? { sql } : { sql, close });
}

/**
 * A pool of its own on `url` (`close()` ends it). `onIdleError` hears the errors of idle
 * connections (a restarted database, a dropped socket), which would otherwise crash the
 * process; the next query opens a new connection. With `timeoutMs` every round trip is bounded
 * (connect, statement, silent server: see `poolConfig`), so a hung database is a retryable
 * STORE_UNAVAILABLE within about `timeoutMs`, not a tool call that never answers.
 */
export function openPostgres(
  url: string,
  options: { onIdleError: (e: Error) => void; max?: number | undefined; timeoutMs?: number | undefined },
): SqlStores {
  const pool = new pg.Pool(poolConfig(url, options));
  pool.on("error", options.onIdleError);
  return overClient(pgPoolClient(pool), () => pool.end());
}

/** Over a pool the caller owns (and ends). */
export function postgresStores(pool: pg.Pool): SqlStores {
  return overClient(pgPoolClient(pool));
}

/** Over supabase-js with the service key (server only): every call is one PostgREST `rpc`. */
export function openSupabase(options: SupabaseOptions): SqlStores {
  return storesOver(supabaseRpc(options));
}

export interface PgliteOpenOptions {
  /** Where the database lives on disk; in memory without one. */
  readonly dataDir?: string | undefined;
  /** The vacuum/analyze passes PGlite has no launcher for (`pglite-autovacuum`); `false`: none. */
  readonly autovacuum?: AutovacuumOptions | false;
}

/**
 * Embedded Postgres, persisted under `dataDir` (in memory without one), migrated before it is
 * handed over, kept vacuumed and analyzed while open; `close()` ends the passes and closes it.
 */
export async function openPglite(options: PgliteOpenOptions = {}): Promise<PgliteStores> {
  const db = await createPglite(options.dataDir);
  const sql = pgliteClient(db);
  try {
    const migrated = await migrate(sql);
    // Its own client over the database: a caller wrapping `sql` (to count statements) sees only its own.
    const upkeep = options.autovacuum === false ? null : startAutovacuum(pgliteClient(db), options.autovacuum);
    const close = async () => {
      await upkeep?.stop();
      await db.close();
    };
    return { ...overClient(sql, close), sql, migrated };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** Over a PGlite the caller owns (and closes, and migrates). */
export function pgliteStores(db: PGlite): SqlStores {
  return overClient(pgliteClient(db));
}
