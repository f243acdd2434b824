/**
 * @module pglite
 * A bare PGlite with the extensions the schema needs (btree_gist for the exclusion constraint):
 * persisted under `dataDir`, or in memory when none is given. Not migrated: see `openPglite`.
 */
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";

export async function createPglite(dataDir?: string): Promise<PGlite> {
  const options = { extensions: { btree_gist } };
  const db = dataDir === undefined ? new PGlite(options) : new PGlite(dataDir, options);
  await db.waitReady;
  return db;
}
