/**
 * @module main
 * `pnpm start`: reads the configuration, composes the service, listens, starts the calendar
 * worker, and on SIGINT/SIGTERM stops taking requests, drains those in flight and the worker's
 * pass, then closes the database.
 */
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { compose } from "./composition.ts";
import { ConfigError, loadConfig } from "./config.ts";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const composed = await compose(config);
  const { logger } = composed.services;
  if (config.loopbackReason !== null) logger.warn(config.loopbackReason);
  const server = serve({ fetch: composed.app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info(
      {
        url: `http://${config.host}:${info.port}`,
        store: composed.backend.description,
        calendar: composed.google === null ? "none (set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET)" : "google",
        worker: composed.worker === null ? "off" : "on",
      },
      "voxanne booking core listening",
    );
  }) as Server;
  composed.worker?.start();

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: draining requests and the calendar worker");
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    server.close(async () => {
      await composed.close();
      logger.info("stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error("The service could not start:", error);
  }
  process.exit(1);
});
