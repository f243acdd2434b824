/**
 * @module composition/backend
 * Opens the store the configuration names: Supabase (supabase-js over PostgREST), a Postgres
 * connection string (node-postgres pool), or the embedded default, PGlite persisted under the data
 * directory, migrated on start and given the demo clinic the first time.
 */
import {
  type FunctionStore,
  migrate,
  openPglite,
  PostgresStore,
  pgliteClient,
  SupabaseStore,
} from "@voxanne/adapter-supabase";
import type { StoreConfig } from "../config.ts";
import type { Logger } from "../observability/logger.ts";
import { seedDemoClinic } from "./demo-clinic.ts";

export interface Backend {
  readonly kind: StoreConfig["kind"];
  readonly store: FunctionStore;
  /** Where the data lives, for the start-up line (never a password). */
  readonly description: string;
  close(): Promise<void>;
}

export async function openBackend(config: StoreConfig, logger: Logger): Promise<Backend> {
  switch (config.kind) {
    case "supabase":
      return {
        kind: "supabase",
        store: SupabaseStore.connect({ url: config.url, key: config.serviceRoleKey }),
        description: `Supabase at ${config.url}`,
        close: async () => undefined,
      };
    case "postgres": {
      const store = PostgresStore.connect(config.url, (error) =>
        logger.error({ err: error }, "idle Postgres connection failed"),
      );
      return {
        kind: "postgres",
        store,
        description: `Postgres at ${hostOf(config.url)}`,
        close: () => store.close(),
      };
    }
    case "pglite": {
      const db = await openPglite(config.dataDir ?? undefined);
      const report = await migrate(pgliteClient(db));
      if (report.applied.length > 0) logger.info({ applied: report.applied }, "embedded database migrated");
      const store = PostgresStore.overPglite(db);
      if (config.demoClinic) await seedDemoClinic(store, logger);
      return {
        kind: "pglite",
        store,
        description: `embedded PGlite ${config.dataDir === null ? "in memory" : `in ${config.dataDir}`}`,
        close: () => db.close(),
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
