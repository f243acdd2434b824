/**
 * @module pglite-template
 * A new PGlite data directory starts as a copy of a data directory initdb made before, instead of
 * running initdb again (about 4 s of WASM on a 2-core machine, against well under a second to
 * copy 40 MB). initdb's output depends on nothing but the PGlite build, so the copy is kept per
 * PGlite version in the install's cache (`node_modules/.cache/voxanne-pglite/` of this package),
 * never in the repository. It is initdb's output only, cleanly shut down: no migration, no row
 * (the migrations still run on every new database, and its `schema_migrations` says when).
 *
 * Safety: the template is built in a directory of its own and renamed into place (processes may
 * race to build it); the copy into a data directory is fsynced (every file and directory) and
 * `PG_VERSION` is written last, so a copy cut short (a crash, a power loss) is never taken for a database (PGlite
 * knows a database by `PG_VERSION`) and the next start copies again. A cache that cannot be
 * read or written only means initdb runs in the data directory as before.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { copyFile, open } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where templates are kept; `null` switches them off (initdb in every new data directory). */
export type TemplateCache = string | null;

export const DEFAULT_TEMPLATE_CACHE = fileURLToPath(new URL("../node_modules/.cache/voxanne-pglite/", import.meta.url));

/** The file whose presence makes a directory a database, copied last. */
const MARKER = "PG_VERSION";

/** The template directory of the installed PGlite (named by its version); throws when it cannot tell. */
export function templateDir(cache: string): string {
  const entry = import.meta.resolve("@electric-sql/pglite");
  const { version } = JSON.parse(readFileSync(new URL("../package.json", entry), "utf8")) as { version?: unknown };
  if (typeof version !== "string" || !/^[\w.-]+$/.test(version)) throw new Error("unknown PGlite version");
  return join(cache, `initdb-${version}`);
}

/** Whether `dataDir` holds no database yet (initdb, or the template, would make one). */
export function isNewDataDir(dataDir: string): boolean {
  return !existsSync(join(dataDir, MARKER));
}

/**
 * Makes `dataDir` a copy of the template, building the template first with `initdb(dir)` (which
 * must leave a cleanly closed database in `dir`) when there is none. `false` when the cache could
 * not be used: the caller runs initdb in `dataDir` itself.
 */
export async function copyTemplate(
  dataDir: string,
  cache: TemplateCache,
  initdb: (dir: string) => Promise<void>,
): Promise<boolean> {
  if (cache === null) return false;
  let template: string;
  try {
    template = templateDir(cache);
    if (!existsSync(join(template, MARKER))) await buildTemplate(template, initdb);
  } catch {
    return false;
  }
  await copyDurably(template, dataDir);
  return true;
}

async function buildTemplate(template: string, initdb: (dir: string) => Promise<void>): Promise<void> {
  const partial = `${template}.${randomUUID()}.partial`;
  try {
    mkdirSync(partial, { recursive: true });
    await initdb(partial);
    renameSync(partial, template);
  } catch (e) {
    // Another process may have renamed its template into place first: either one will do.
    if (!existsSync(join(template, MARKER))) throw e;
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/**
 * Copies `from` into `to`: every file copied and fsynced (in parallel: one at a time costs seconds
 * on an ordinary disk), then the directories, then the marker, last.
 */
async function copyDurably(from: string, to: string): Promise<void> {
  const { dirs, files } = listTree(from);
  for (const dir of dirs) mkdirSync(join(to, dir), { recursive: true });
  await Promise.all(files.filter((f) => f !== MARKER).map((f) => copyFileDurably(join(from, f), join(to, f))));
  await Promise.all(dirs.map((dir) => fsyncPath(join(to, dir))));
  await copyFileDurably(join(from, MARKER), join(to, MARKER));
  await fsyncPath(to);
}

/** The directories (the root as "") and files under `root`, as paths relative to it. */
function listTree(root: string): { dirs: string[]; files: string[] } {
  const dirs = [""];
  const files: string[] = [];
  for (let i = 0; i < dirs.length; i++) {
    const dir = dirs[i] ?? "";
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) dirs.push(path);
      else if (entry.isFile()) files.push(path);
    }
  }
  return { dirs, files };
}

async function copyFileDurably(from: string, to: string): Promise<void> {
  await copyFile(from, to);
  await fsyncPath(to);
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
