/**
 * @module system/data-dir-lock
 * One process per embedded data directory. PGlite is one process's database: a second process
 * opening the same directory writes behind the first one's back (a clinic created by a CLI while
 * the server ran was gone after a restart). The holder keeps a lock file in the directory, created
 * atomically (`open(…, "wx")`) with its PID, its command and, once it listens, its URL (so a CLI
 * can use the running server's admin API instead); a lock left by a dead process is taken over;
 * the lock is released on close and on exit. The directory itself is made private (0700): PGlite
 * creates its files world-writable.
 */
import { randomUUID } from "node:crypto";
import {
  chmodSync,
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { err, ok, type Result } from "neverthrow";

export const LOCK_FILE = "voxanne.lock";
/** A lock file still empty or half-written this long after it was made is a crash's leftover. */
const UNREADABLE_GRACE_MS = 10_000;
/** The locks this process holds: a lock with our PID and another token is a dead predecessor's (a container's PID 1). */
const heldByMe = new Set<string>();

/** Who holds a data directory. */
export interface LockHolder {
  readonly pid: number;
  /** The command, e.g. `pnpm start`, `pnpm org:create`. */
  readonly command: string;
  /** Where the holder's HTTP API listens, once it does; `null` for a CLI or a server still starting. */
  readonly url: string | null;
  readonly since: string;
  /** Tells this holder's lock from a later one of the same PID. */
  readonly token: string;
}

export interface DataDirLock {
  readonly file: string;
  /** Records where the holder listens, for a CLI started meanwhile to use its admin API. */
  announce(url: string): void;
  release(): void;
}

/** Another live process holds the directory. */
export class DataDirBusy extends Error {
  override readonly name = "DataDirBusy";
  readonly code = "DATA_DIR_BUSY";
  readonly dataDir: string;
  readonly holder: LockHolder | null;
  readonly file: string;

  constructor(dataDir: string, holder: LockHolder | null) {
    super(busyMessage(dataDir, holder));
    this.dataDir = dataDir;
    this.holder = holder;
    this.file = join(dataDir, LOCK_FILE);
  }
}

/** Creates the directory private to this user (0700), or makes an existing one so. */
export function ensurePrivateDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if ((statSync(dataDir).mode & 0o077) === 0) return;
  try {
    chmodSync(dataDir, 0o700);
  } catch (e) {
    if (codeOf(e) !== "EPERM") throw e; // another user's directory: theirs to protect
  }
}

/** The live process holding `dataDir`, if any (a stale lock counts as none). */
export function lockHolder(dataDir: string): LockHolder | null {
  const seen = readLock(join(dataDir, LOCK_FILE));
  return seen.kind === "held" && isAlive(seen.holder) ? seen.holder : null;
}

/** Takes `dataDir` for this process, or says who has it. */
export function acquireDataDirLock(dataDir: string, command: string): Result<DataDirLock, DataDirBusy> {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, command, url: null, since: new Date().toISOString(), token: randomUUID() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, me)) return ok(heldLock(file, me));
    const seen = readLock(file);
    if (seen.kind === "held" && isAlive(seen.holder)) return err(new DataDirBusy(dataDir, seen.holder));
    if (seen.kind === "unreadable" && Date.now() - seen.modifiedMs < UNREADABLE_GRACE_MS) {
      return err(new DataDirBusy(dataDir, null));
    }
    if (seen.kind !== "absent") takeOver(file, seen);
  }
  return err(new DataDirBusy(dataDir, null));
}

type Seen =
  | { readonly kind: "absent" }
  | { readonly kind: "held"; readonly holder: LockHolder; readonly raw: string }
  | { readonly kind: "unreadable"; readonly raw: string; readonly modifiedMs: number };

function createExclusive(file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, "wx", 0o600);
  } catch (e) {
    if (codeOf(e) === "EEXIST") return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
  } finally {
    closeSync(fd);
  }
  return true;
}

function readLock(file: string): Seen {
  let raw: string;
  let modifiedMs: number;
  try {
    raw = readFileSync(file, "utf8");
    modifiedMs = statSync(file).mtimeMs;
  } catch (e) {
    if (codeOf(e) === "ENOENT") return { kind: "absent" };
    throw e;
  }
  const holder = parseHolder(raw);
  return holder === null ? { kind: "unreadable", raw, modifiedMs } : { kind: "held", holder, raw };
}

function parseHolder(raw: string): LockHolder | null {
  try {
    const v = JSON.parse(raw) as Partial<LockHolder> | null;
    if (typeof v?.pid !== "number" || !Number.isInteger(v.pid) || v.pid <= 0) return null;
    return {
      pid: v.pid,
      command: typeof v.command === "string" ? v.command : "another process",
      url: typeof v.url === "string" ? v.url : null,
      since: typeof v.since === "string" ? v.since : "",
      token: typeof v.token === "string" ? v.token : "",
    };
  } catch {
    return null;
  }
}

/**
 * Moves a dead holder's lock aside. Two processes may both find it stale: the rename lets one
 * of them have it; a lock that turns out to be fresh (taken between our read and our rename) is
 * put back with `link`, which never overwrites.
 */
function takeOver(file: string, stale: Exclude<Seen, { kind: "absent" }>): void {
  const aside = `${file}.stale-${process.pid}-${randomUUID()}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if (codeOf(e) === "ENOENT") return;
    throw e;
  }
  try {
    if (readFileSync(aside, "utf8") !== stale.raw) linkSync(aside, file);
  } catch (e) {
    if (codeOf(e) !== "EEXIST") throw e;
  } finally {
    unlinkSync(aside);
  }
}

function heldLock(file: string, me: LockHolder): DataDirLock {
  let released = false;
  const stillMine = () => {
    const seen = readLock(file);
    return seen.kind === "held" && seen.holder.token === me.token;
  };
  const release = () => {
    if (released) return;
    released = true;
    heldByMe.delete(me.token);
    process.off("exit", release);
    if (stillMine()) unlinkSync(file);
  };
  heldByMe.add(me.token);
  process.on("exit", release);
  return {
    file,
    announce: (url) => {
      if (released || !stillMine()) return;
      const next = `${file}.${me.token}.tmp`;
      writeFileSync(next, JSON.stringify({ ...me, url }), { mode: 0o600 });
      renameSync(next, file);
    },
    release,
  };
}

/** Whether the holder still runs (a process of another user counts: we may not signal it). */
function isAlive(holder: LockHolder): boolean {
  if (holder.pid === process.pid) return heldByMe.has(holder.token);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (e) {
    return codeOf(e) === "EPERM";
  }
}

function codeOf(e: unknown): string | undefined {
  return e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : undefined;
}

function busyMessage(dataDir: string, holder: LockHolder | null): string {
  const file = join(dataDir, LOCK_FILE);
  if (holder === null) {
    return (
      `The embedded database in ${dataDir} is being opened by another process right now ` +
      `(its lock file ${file} is not complete yet). Try again in a moment; if it stays, no process ` +
      `has finished starting: delete ${file}.`
    );
  }
  const where = holder.url === null ? "" : `, listening on ${holder.url}`;
  return (
    `The embedded database in ${dataDir} is in use by PID ${holder.pid} (${holder.command}${where}). ` +
    "PGlite allows one process per data directory, so nothing was opened or written here. " +
    `Stop that process first (Ctrl-C in its terminal, or \`kill ${holder.pid}\`) and run this again` +
    (holder.url === null ? "" : ", or use its admin API") +
    `. If no such process is running, delete ${file}.`
  );
}
