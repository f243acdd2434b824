/**
 * @module test/support/emulator-process
 * `pnpm emulator:google`'s program run as a real child process: its output collected, its ready
 * line awaited, the environment it prints read back, and its exit awaited.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/testing/emulator-main.ts", import.meta.url));
const READY = /^Ready\./m;

export interface EmulatorProcess {
  readonly child: ChildProcess;
  /** Everything printed so far on stdout / stderr. */
  stdout(): string;
  stderr(): string;
  /** Resolves once the ready line is out; rejects if the process ends or `timeoutMs` passes first. */
  ready(timeoutMs?: number): Promise<void>;
  /** The exit code and signal, once the process has ended. */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the command with `env` added to this process's environment. */
export function spawnEmulator(env: Record<string, string>): EmulatorProcess {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: "pipe" });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => {
    out.stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    out.stderr += chunk.toString("utf8");
  });
  const exit = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    ready: (timeoutMs = 10_000) => readyOf(() => out.stdout, exit, timeoutMs),
    exited: () => exit,
  };
}

async function readyOf(stdout: () => string, exit: Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void exit.then(() => {
    ended = true;
  });
  while (!READY.test(stdout())) {
    if (ended) throw new Error(`the emulator ended before its ready line:\n${stdout()}`);
    if (Date.now() > deadline) throw new Error(`no ready line within ${timeoutMs} ms:\n${stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The `export NAME=value` lines the command printed, as a record. */
export function printedEnvironment(stdout: string): Record<string, string> {
  const lines = stdout.matchAll(/^\s*export ([A-Z_]+)=(\S+)$/gm);
  return Object.fromEntries([...lines].map(([, name = "", value = ""]) => [name, value]));
}
