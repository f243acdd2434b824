/**
 * @module @voxanne/adapter-supabase
 * Supabase/Postgres adapter: migrations and SQL functions (supabase/migrations), and the
 * `BookingStore` + `ClinicDirectory` over them through pg, PGlite or supabase-js.
 * Imports only the domain.
 */
export { FunctionStore } from "./function-store.ts";
export { listMigrations, MIGRATIONS_DIR, type MigrationReport, migrate } from "./migrate.ts";
export { openPglite } from "./pglite.ts";
export { PostgresStore } from "./postgres-store.ts";
export { isTransient, type RpcArgs, type RpcCaller, type RpcValue, rpcStatement, sqlRpc, storeFailure } from "./rpc.ts";
export { pgliteClient, pgPoolClient, type SqlClient, type SqlParam } from "./sql-client.ts";
export { SupabaseStore, type SupabaseStoreOptions } from "./supabase-store.ts";
export type { OutboxJob, SyncOutbox } from "./sync-outbox.ts";
