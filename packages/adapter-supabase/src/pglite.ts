/**
 * @module pglite
 * Opens PGlite with the extensions the migrations need (btree_gist for the exclusion
 * constraint): persisted under `dataDir`, or in memory when none is given.
 */
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";

export async function openPglite(dataDir?: string): Promise<PGlite> {
  const options = { extensions: { btree_gist } };
  const db = dataDir === undefined ? new PGlite(options) : new PGlite(dataDir, options);
  await db.waitReady;
  return db;
}
