/**
 * @module pglite
 * A bare PGlite with the extensions the schema needs (btree_gist for the exclusion constraint):
 * persisted under `dataDir`, or in memory when none is given. A new data directory starts as a
 * copy of the install's initdb template (see pglite-template). Not migrated: see `openPglite`.
 */
import type { PGlite } from "@electric-sql/pglite";
import { copyTemplate, DEFAULT_TEMPLATE_CACHE, isNewDataDir, type TemplateCache } from "./pglite-template.ts";

export interface PgliteOptions {
  /** Where initdb templates are kept (default: this package's `node_modules/.cache`); `null`: none. */
  readonly templateCache?: TemplateCache;
}

/**
 * PGlite is loaded when a PGlite is opened, not with this package: a service on Postgres (or on
 * supabase-js) never holds its code in memory.
 */
async function open(dataDir?: string): Promise<PGlite> {
  const [{ PGlite }, { btree_gist }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/btree_gist"),
  ]);
  const extensions = { btree_gist };
  const db = dataDir === undefined ? new PGlite({ extensions }) : new PGlite(dataDir, { extensions });
  await db.waitReady;
  return db;
}

/** initdb in `dir`, closed cleanly: what a template is made of. */
async function initdb(dir: string): Promise<void> {
  await (await open(dir)).close();
}

export async function createPglite(dataDir?: string, options: PgliteOptions = {}): Promise<PGlite> {
  if (dataDir !== undefined && isNewDataDir(dataDir)) {
    const cache = options.templateCache === undefined ? DEFAULT_TEMPLATE_CACHE : options.templateCache;
    await copyTemplate(dataDir, cache, initdb);
  }
  return open(dataDir);
}
