/**
 * @module @voxanne/adapter-supabase
 * Supabase/Postgres adapter: migrations and SQL functions (supabase/migrations), and over them,
 * through pg, PGlite or supabase-js: the `BookingStore` + `ClinicDirectory` + outbox
 * (`FunctionStore`: `PostgresStore`, `SupabaseStore`), the Vapi tenant mapping, schema readiness,
 * and the `IntegrationStore` with refresh tokens encrypted at rest (`store.integrationStore(cipher)`).
 * Imports only the domain.
 */
export { FunctionStore, type SchemaStatus } from "./function-store.ts";
export {
  latestMigrationVersion,
  listMigrations,
  MIGRATIONS_DIR,
  type MigrationReport,
  migrate,
  migrationVersion,
} from "./migrate.ts";
export { openPglite } from "./pglite.ts";
export { PostgresStore } from "./postgres-store.ts";
export { isTransient, type RpcArgs, type RpcCaller, type RpcValue, rpcStatement, sqlRpc, storeFailure } from "./rpc.ts";
export { pgliteClient, pgPoolClient, type SqlClient, type SqlParam } from "./sql-client.ts";
export { SqlIntegrationStore } from "./sql-integration-store.ts";
export { SupabaseStore, type SupabaseStoreOptions } from "./supabase-store.ts";
export type { OutboxJob, OutboxSummary, SyncOutbox } from "./sync-outbox.ts";
export { createTokenCipher, type TokenCipher, type TokenKeyInvalid } from "./token-cipher.ts";
export type { VapiIds, VapiLinks } from "./vapi-links.ts";
