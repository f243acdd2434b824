/**
 * @module composition/backend
 * Opens the stores the configuration names: Supabase (supabase-js over PostgREST), a Postgres
 * connection string (node-postgres pool), or the embedded default, PGlite persisted under the data
 * directory, migrated on start and given the demo clinic the first time.
 */
import { openPglite, openPostgres, openSupabase, type SqlStores } from "@voxanne/adapter-supabase";
import type { StoreConfig } from "../config.ts";
import type { Logger } from "../observability/logger.ts";
import { seedDemoClinic } from "./demo-clinic.ts";

export interface Backend {
  readonly kind: StoreConfig["kind"];
  /** One store per port, over one connection (pool, PGlite or PostgREST client). */
  readonly stores: SqlStores;
  /** Where the data lives, for the start-up line (never a password). */
  readonly description: string;
  close(): Promise<void>;
}

export async function openBackend(config: StoreConfig, logger: Logger): Promise<Backend> {
  switch (config.kind) {
    case "supabase": {
      const stores = openSupabase({ url: config.url, key: config.serviceRoleKey });
      return { kind: "supabase", stores, description: `Supabase at ${config.url}`, close: () => stores.close() };
    }
    case "postgres": {
      const stores = openPostgres(config.url, {
        onIdleError: (error) => logger.error({ err: error }, "idle Postgres connection failed"),
      });
      return {
        kind: "postgres",
        stores,
        description: `Postgres at ${hostOf(config.url)}`,
        close: () => stores.close(),
      };
    }
    case "pglite": {
      const stores = await openPglite(config.dataDir === null ? {} : { dataDir: config.dataDir });
      const { applied } = stores.migrated;
      if (applied.length > 0) logger.info({ applied }, "embedded database migrated");
      if (config.demoClinic) await seedDemoClinic(stores.clinics, logger);
      return {
        kind: "pglite",
        stores,
        description: `embedded PGlite ${config.dataDir === null ? "in memory" : `in ${config.dataDir}`}`,
        close: () => stores.close(),
      };
    }
  }
}

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port === "" ? "" : `:${u.port}`}${u.pathname}`;
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}
