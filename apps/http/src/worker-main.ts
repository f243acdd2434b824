/**
 * @module worker-main
 * `pnpm worker`: the outbox workers (calendar sync, when Google is configured; notifications) on their own, without the HTTP server (for a separate
 * process or machine). Several may run at once: jobs are leased with `FOR UPDATE SKIP LOCKED`.
 * Not on the embedded database: PGlite is one process's database, and `pnpm start` runs the
 * worker in its own process, so `pnpm worker` says so and exits non-zero without opening it.
 */
import { compose } from "./composition.ts";
import { ConfigError, loadConfig } from "./config.ts";

const NOT_NEEDED =
  "pnpm worker is not needed with the embedded database: `pnpm start` runs the calendar worker in its own " +
  "process (WORKER_ENABLED=true), and only one process may open an embedded data directory. Run `pnpm worker` " +
  "beside servers that share a Postgres or Supabase database (DATABASE_URL or SUPABASE_URL).";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.store.kind === "pglite") throw new ConfigError(NOT_NEEDED);
  const composed = await compose(config, { command: "pnpm worker" });
  const { logger } = composed.services;
  const { worker, notificationWorker } = composed;
  if (notificationWorker === null) {
    await composed.close();
    throw new ConfigError("The workers are switched off: set WORKER_ENABLED=true.");
  }
  worker?.start();
  notificationWorker.start();
  logger.info(
    { store: composed.backend.description, intervalMs: config.worker.intervalMs, calendar: worker !== null },
    "calendar and notification workers started",
  );
  const stop = async (signal: string) => {
    logger.info({ signal }, "calendar worker stopping after its current pass");
    await composed.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
