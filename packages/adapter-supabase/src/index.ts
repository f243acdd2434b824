/**
 * @module @voxanne/adapter-supabase
 * Supabase/Postgres adapter: the SQL schema (supabase/schemas, applied as supabase/migrations)
 * and, over it, one store per domain port (`SqlBookingStore`, `SqlClinicDirectory`,
 * `SqlTenantDirectory`, `SqlSyncOutbox`, `SqlIntegrationStore` with tokens encrypted at rest,
 * `SqlSchemaStatus`, `SqlConnectAttempts`), opened together over pg, PGlite or supabase-js.
 * Imports only the domain.
 */
export {
  latestMigrationVersion,
  listMigrations,
  MIGRATIONS_DIR,
  type MigrationReport,
  migrate,
  migrationVersion,
} from "./migrate.ts";
export {
  openPglite,
  openPostgres,
  openSupabase,
  type PgliteOpenOptions,
  type PgliteStores,
  pgliteStores,
  postgresStores,
  type SqlStores,
  storesOver,
} from "./open-stores.ts";
export { createPglite } from "./pglite.ts";
export { type AutovacuumOptions, autovacuumPass, type TableUpkeep } from "./pglite-autovacuum.ts";
export { isTransient, type RpcArgs, type RpcCaller, sqlRpc, storeFailure } from "./rpc.ts";
export { SqlBookingStore } from "./sql-booking-store.ts";
export { pgliteClient, pgPoolClient, type SqlClient } from "./sql-client.ts";
export { SqlClinicCatalog } from "./sql-clinic-catalog.ts";
export { SqlClinicDirectory } from "./sql-clinic-directory.ts";
export { SqlConnectAttempts } from "./sql-connect-attempts.ts";
export { SqlIntegrationStore } from "./sql-integration-store.ts";
export { SqlNotificationOutbox } from "./sql-notification-outbox.ts";
export { SqlNotificationSettings } from "./sql-notification-settings.ts";
export { SqlSchemaStatus } from "./sql-schema-status.ts";
export { SqlSyncOutbox } from "./sql-sync-outbox.ts";
export { SqlTenantDirectory } from "./sql-tenant-directory.ts";
export type { SupabaseOptions } from "./supabase-rpc.ts";
export { createTokenCipher, type TokenCipher, type TokenKeyInvalid } from "./token-cipher.ts";
