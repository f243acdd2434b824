/**
 * @module drills/service
 * The service as its own process for a drill (`node src/main.ts`, as `pnpm start` runs it) on a
 * store, with the bench's admin token and its clinic (open all day, 5-minute slots), and a
 * request function for its admin API; SIGKILL (`killService`) and SIGTERM (`stopService`); and
 * the outbox workers on their own (`startWorker`, as `pnpm worker` runs them).
 */
import { once } from "node:events";
import { ADMIN_TOKEN, type BenchClinic, createClinic, type Requester } from "../bench/clinics.ts";
import { type Running, startServer, startWorkerProcess, stopServer } from "../test/support/live-server.ts";

export { ADMIN_TOKEN };

/** The service's environment on a store: no worker, no demo clinic, unless `extra` says otherwise. */
export const serviceEnv = (store: Record<string, string>, extra: Record<string, string> = {}) => ({
  ADMIN_TOKEN,
  WORKER_ENABLED: "false",
  DEMO_CLINIC: "false",
  ...store,
  ...extra,
});

export const startService = (env: Record<string, string>): Promise<Running> => startServer(env);

export const requester =
  (running: Running): Requester =>
  (path, init) =>
    fetch(`${running.url}${path}`, init);

export const drillClinic = (running: Running, assistantId: string): Promise<BenchClinic> =>
  createClinic(requester(running), assistantId);

/** SIGKILL, as the kernel's OOM killer or a pulled plug would end it; resolves once it is gone. */
export async function killService(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  const gone = once(running.child, "close");
  running.child.kill("SIGKILL");
  await gone;
}

/** Stops the service as an operator would (SIGTERM), unless it is already gone. */
export async function stopService(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  await stopServer(running);
}

/** The outbox workers on their own (`pnpm worker`: `node src/worker-main.ts`), resolved once started. */
export { startWorkerProcess as startWorker };
