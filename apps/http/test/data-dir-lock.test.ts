/** The embedded data directory's lock, in process: one holder, stale locks taken over, a private directory. */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirBusy, LOCK_FILE, lockHolder } from "../src/system/data-dir-lock.ts";

let dir: string;
beforeEach(async () => {
  dir = join(await mkdtemp(join(tmpdir(), "voxanne-lock-")), "data");
});
afterEach(() => rm(join(dir, ".."), { recursive: true, force: true }));

const lockFile = () => join(dir, LOCK_FILE);
const writeLock = (holder: unknown) => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(lockFile(), typeof holder === "string" ? holder : JSON.stringify(holder));
};
/** The PID of a process that has exited. */
const deadPid = () => Number(execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]));

describe("the data directory lock", () => {
  it("has one holder at a time, names it to the next, and is gone once released", () => {
    const lock = acquireDataDirLock(dir, "pnpm start")._unsafeUnwrap();
    lock.announce("http://127.0.0.1:3000");
    expect(lockHolder(dir)).toMatchObject({ pid: process.pid, command: "pnpm start", url: "http://127.0.0.1:3000" });
    const busy = acquireDataDirLock(dir, "pnpm org:create")._unsafeUnwrapErr();
    expect(busy).toBeInstanceOf(DataDirBusy);
    expect(busy.message).toContain(`in use by PID ${process.pid} (pnpm start, listening on http://127.0.0.1:3000)`);
    expect(busy.message).toContain(`delete ${lockFile()}`);
    lock.release();
    expect(existsSync(lockFile())).toBe(false);
    expect(lockHolder(dir)).toBeNull();
    acquireDataDirLock(dir, "pnpm org:create")._unsafeUnwrap().release();
  });

  it("takes over the lock of a process that is gone", () => {
    const pid = deadPid();
    writeLock({ pid, command: "pnpm start", url: "http://127.0.0.1:3000", since: "", token: "old" });
    expect(lockHolder(dir)).toBeNull();
    const lock = acquireDataDirLock(dir, "pnpm start")._unsafeUnwrap();
    expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: process.pid, url: null });
    lock.release();
  });

  it("takes over a lock with its own PID that it did not take (a restarted container's PID 1)", () => {
    writeLock({ pid: process.pid, command: "pnpm start", url: null, since: "", token: "a previous life" });
    acquireDataDirLock(dir, "pnpm start")._unsafeUnwrap().release();
  });

  it("leaves a live process's lock alone", () => {
    writeLock({ pid: 1, command: "pnpm start", url: null, since: "", token: "init" });
    const busy = acquireDataDirLock(dir, "pnpm org:create")._unsafeUnwrapErr();
    expect(busy.holder).toMatchObject({ pid: 1 });
    expect(JSON.parse(readFileSync(lockFile(), "utf8"))).toMatchObject({ pid: 1, token: "init" });
  });

  it("waits for a lock being written, and takes over one left half-written long ago", () => {
    writeLock("");
    expect(acquireDataDirLock(dir, "pnpm start")._unsafeUnwrapErr().message).toContain(
      "being opened by another process",
    );
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lockFile(), longAgo, longAgo);
    acquireDataDirLock(dir, "pnpm start")._unsafeUnwrap().release();
  });

  it("makes the directory private (0700), an existing one included", () => {
    acquireDataDirLock(dir, "pnpm start")._unsafeUnwrap().release();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    chmodSync(dir, 0o777);
    acquireDataDirLock(dir, "pnpm start")._unsafeUnwrap().release();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
