/**
 * The service as a real process (`node src/main.ts`, or `pnpm start` in its own process group as a
 * terminal runs it), its JSON log lines collected, its URL read from the "listening" line; and the
 * CLIs as processes.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const APP_DIR = fileURLToPath(new URL("../..", import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL("../../../..", import.meta.url));

export interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly lines: Record<string, unknown>[];
  /** Everything written to stdout and stderr that is not a JSON log line (pnpm's own output). */
  readonly other: string[];
}

/**
 * The Node flags `pnpm start` runs the service with (the root `start` script: `exec node <flags>
 * apps/http/src/main.ts`), so that a test or the bench runs the service exactly as it is started.
 */
export function serviceNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, "utf8")) as { scripts: Record<string, string> })
    .scripts;
  const words = (scripts.start ?? "").split(/\s+/);
  const node = words.indexOf("node");
  const entry = words.indexOf("apps/http/src/main.ts");
  if (node < 0 || entry < node)
    throw new Error(`the root start script is not "exec node … apps/http/src/main.ts": ${scripts.start}`);
  return words.slice(node + 1, entry);
}

const baseEnv = () => ({ PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" });

const LISTENING = "voxanne booking core listening";

/**
 * `node src/main.ts` (with `pnpm start`'s flags) on port 0 with `env`; resolves once it listens,
 * rejects if it exits first. Its output comes back over pipes, or, with `logFile`, is appended to
 * that file as a process manager would keep it (the caller then reads no line after "listening":
 * `lines` and `other` stop there).
 */
export function startServer(env: Record<string, string>, logFile?: string): Promise<Running> {
  const out = logFile === undefined ? "pipe" : openSync(logFile, "a");
  const child = spawn(process.execPath, [...serviceNodeFlags(), "src/main.ts"], {
    cwd: APP_DIR,
    env: { ...baseEnv(), PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", out, out],
  });
  if (typeof out === "number") closeSync(out);
  return logFile === undefined ? readyOn(child, LISTENING, "listening") : readyInFile(child, logFile, LISTENING);
}

/** The outbox workers on their own (`node src/worker-main.ts`, as `pnpm worker` runs them); resolves once started (`url` is empty). */
export function startWorkerProcess(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ["src/worker-main.ts"], {
    cwd: APP_DIR,
    env: { ...baseEnv(), LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return readyOn(child, "calendar and notification workers started", "starting");
}

/** `pnpm start` from the repository root, in a process group of its own (as a terminal runs it). */
export function startWithPnpm(env: Record<string, string>): Promise<Running> {
  const child = spawn("pnpm", ["start"], {
    cwd: REPO_ROOT,
    env: { ...baseEnv(), PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  return readyOn(child, LISTENING, "listening");
}

/**
 * Collects the process's log lines; resolves once it logs `ready` (with its `url`, if any),
 * rejects ("exited <code> before <doing>: <output>") if it exits first.
 */
function readyOn(child: ChildProcess, ready: string, doing: string): Promise<Running> {
  const lines: Record<string, unknown>[] = [];
  const other: string[] = [];
  const collect = (onLine: (line: Record<string, unknown>) => void) => {
    let buffered = "";
    return (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split("\n");
      buffered = parts.pop() ?? "";
      for (const part of parts) {
        if (!part.startsWith("{")) {
          other.push(part);
          continue;
        }
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        onLine(line);
      }
    };
  };
  return new Promise<Running>((resolve, reject) => {
    child.stderr?.on(
      "data",
      collect(() => undefined),
    );
    child.stdout?.on(
      "data",
      collect((line) => {
        if (line.msg === ready) resolve({ child, url: String(line.url ?? ""), lines, other });
      }),
    );
    child.once("exit", (code) => reject(new Error(`exited ${code} before ${doing}: ${other.join("\n")}`)));
  });
}

/** `readyOn` for a process writing to `file`: the file is read every 20 ms until the `ready` line is in it. */
function readyInFile(child: ChildProcess, file: string, ready: string): Promise<Running> {
  return new Promise<Running>((resolve, reject) => {
    const lines: Record<string, unknown>[] = [];
    const other: string[] = [];
    let read = 0;
    const poll = setInterval(() => {
      const text = readFileSync(file, "utf8");
      const complete = text.lastIndexOf("\n") + 1;
      for (const part of text.slice(read, complete).split("\n").slice(0, -1)) {
        if (!part.startsWith("{")) {
          other.push(part);
          continue;
        }
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        if (line.msg === ready) {
          clearInterval(poll);
          resolve({ child, url: String(line.url ?? ""), lines, other });
        }
      }
      read = complete;
    }, 20);
    child.once("exit", (code) => {
      clearInterval(poll);
      reject(new Error(`exited ${code} before listening: ${readFileSync(file, "utf8")}`));
    });
  });
}

/** Sends `signal` (to the process group with `group`) and resolves with the exit code. */
export async function stopServer(
  running: Running,
  signal: NodeJS.Signals = "SIGTERM",
  group = false,
): Promise<number | null> {
  const exited = once(running.child, "close");
  const pid = running.child.pid ?? 0;
  if (group) process.kill(-pid, signal);
  else running.child.kill(signal);
  const [code] = await exited;
  return code as number | null;
}

export interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const run = promisify(execFile);

/** Runs `node <script> ...args` in apps/http with only `env` (and PATH); never throws on a non-zero exit. */
export async function runScript(script: string, args: string[], env: Record<string, string>): Promise<Finished> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], {
      cwd: APP_DIR,
      env: { ...baseEnv(), ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}
