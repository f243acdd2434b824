/**
 * @module composition/backend
 * Opens the stores the configuration names: Supabase (supabase-js over PostgREST), a Postgres
 * connection string (node-postgres pool), or the embedded default, PGlite persisted under the data
 * directory, migrated on start and given the demo clinic the first time. The embedded directory
 * is locked for this process first (one writer per data directory): when another live process
 * holds it, `openBackend` throws `DataDirBusy` naming that process, and nothing is opened.
 */
import { openPglite, openPostgres, openSupabase, type PgliteStores, type SqlStores } from "@voxanne/adapter-supabase";
import type { StoreConfig } from "../config.ts";
import type { Logger } from "../observability/logger.ts";
import { acquireDataDirLock, type DataDirLock } from "../system/data-dir-lock.ts";
import { randomIds } from "../system/system-clock.ts";
import { seedDemoClinic } from "./demo-clinic.ts";

export interface Backend {
  readonly kind: StoreConfig["kind"];
  /** One store per port, over one connection (pool, PGlite or PostgREST client). */
  readonly stores: SqlStores;
  /** Where the data lives, for the start-up line (never a password). */
  readonly description: string;
  /** The embedded data directory's lock, held until `close()`; `null` for other databases and `:memory:`. */
  readonly lock: DataDirLock | null;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** The command holding an embedded data directory, named to whoever finds it busy. */
  readonly command?: string;
  /** Connect and statement timeout for Postgres and Supabase (a tool call's database budget); none when absent. */
  readonly timeoutMs?: number;
}

export async function openBackend(config: StoreConfig, logger: Logger, options: BackendOptions = {}): Promise<Backend> {
  switch (config.kind) {
    case "supabase": {
      const stores = openSupabase({ url: config.url, key: config.serviceRoleKey, timeoutMs: options.timeoutMs });
      return {
        kind: "supabase",
        stores,
        description: `Supabase at ${config.url}`,
        lock: null,
        close: () => stores.close(),
      };
    }
    case "postgres": {
      const stores = openPostgres(config.url, {
        onIdleError: (error) => logger.error({ err: error }, "idle Postgres connection failed"),
        timeoutMs: options.timeoutMs,
      });
      return {
        kind: "postgres",
        stores,
        description: `Postgres at ${hostOf(config.url)}`,
        lock: null,
        close: () => stores.close(),
      };
    }
    case "pglite":
      return openEmbedded(config, logger, options.command ?? `node ${process.argv[1] ?? ""}`.trim());
  }
}

async function openEmbedded(
  config: Extract<StoreConfig, { kind: "pglite" }>,
  logger: Logger,
  command: string,
): Promise<Backend> {
  const { dataDir } = config;
  const lock = dataDir === null ? null : acquireDataDirLock(dataDir, command).match((l) => l, throwIt);
  let stores: PgliteStores | undefined;
  try {
    stores = await openPglite({
      dataDir: dataDir ?? undefined,
      autovacuum: { onError: (err) => logger.warn({ err }, "embedded database vacuum/analyze pass failed") },
    });
    const { applied } = stores.migrated;
    if (applied.length > 0) logger.info({ applied }, "embedded database migrated");
    if (config.demoClinic) {
      await seedDemoClinic({ clinics: stores.clinics, catalog: stores.catalog, ids: randomIds }, logger);
    }
    const opened = stores;
    return {
      kind: "pglite",
      stores,
      description: `embedded PGlite ${dataDir === null ? "in memory" : `in ${dataDir}`}`,
      lock,
      close: async () => {
        await opened.close();
        lock?.release();
      },
    };
  } catch (e) {
    await stores?.close();
    lock?.release();
    throw e;
  }
}

const throwIt = (e: Error): never => {
  throw e;
};

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port === "" ? "" : `:${u.port}`}${u.pathname}`;
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}
