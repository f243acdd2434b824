/**
 * @module bench/app-process
 * The service under load as its own process (`node src/main.ts`, as `pnpm start` runs it) on a
 * free loopback port, and its peak resident memory (VmHWM) read from /proc.
 */
import { readFileSync } from "node:fs";
import { type Running, startServer, stopServer } from "../test/support/live-server.ts";
import { ADMIN_TOKEN, type Requester } from "./clinics.ts";

export interface AppProcess {
  readonly url: string;
  readonly request: Requester;
  /** The process's peak resident set so far, in MB (null where /proc is not there). */
  peakRssMb(): number | null;
  /** Drops the log lines collected so far (the service logs every request at info, as in production). */
  forgetLogs(): void;
  stop(): Promise<void>;
}

/** The peak resident set of `pid` in MB, from /proc/<pid>/status (Linux). */
export function peakRssMb(pid: number): number | null {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB/m);
    return line === null ? null : Number(line[1]) / 1024;
  } catch {
    return null;
  }
}

/** Starts the service with `env` (a store: DATA_DIR or DATABASE_URL) and the bench's admin token. */
export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const running: Running = await startServer({ ADMIN_TOKEN, ...env });
  const pid = running.child.pid ?? 0;
  return {
    url: running.url,
    request: (path, init) => fetch(`${running.url}${path}`, init),
    peakRssMb: () => peakRssMb(pid),
    forgetLogs: () => {
      running.lines.length = 0;
    },
    stop: async () => {
      await stopServer(running);
    },
  };
}
