/**
 * @module bench/app-process
 * The service under load as its own process (`node src/main.ts`, as `pnpm start` runs it) on a
 * free loopback port, and its peak resident memory (VmHWM) read from /proc, which can be reset to
 * the current resident set (`/proc/<pid>/clear_refs`), so that each measurement has its own peak.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { type Running, startServer, stopServer } from "../test/support/live-server.ts";
import { ADMIN_TOKEN, type Requester } from "./clinics.ts";

export interface AppProcess {
  readonly url: string;
  readonly request: Requester;
  /** The process's peak resident set so far, in MB (null where /proc is not there). */
  peakRssMb(): number | null;
  /** Starts the peak over from the current resident set (where Linux allows it; otherwise it keeps counting). */
  resetPeakRss(): void;
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

/** Writing 5 to clear_refs resets the process's VmHWM to its current RSS (Linux 4.0 on). */
export function resetPeakRss(pid: number): void {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    // Not Linux, or not allowed: the peak stays the process's peak so far.
  }
}

/**
 * Starts the service with `env` (a store: DATA_DIR or DATABASE_URL) and the bench's admin token.
 * It logs every request at info, as in production, into `logFile` as a process manager would keep
 * its output: the load generator is not also the service's log reader, so that neither its CPU
 * nor its event loop goes to reading log lines beside the answers it times.
 */
export async function startApp(env: Record<string, string>, logFile: string): Promise<AppProcess> {
  const running: Running = await startServer({ ADMIN_TOKEN, ...env }, logFile);
  const pid = running.child.pid ?? 0;
  return {
    url: running.url,
    request: (path, init) => fetch(`${running.url}${path}`, init),
    peakRssMb: () => peakRssMb(pid),
    resetPeakRss: () => resetPeakRss(pid),
    stop: async () => {
      await stopServer(running);
    },
  };
}
