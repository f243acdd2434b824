/**
 * @module service-main
 * `pnpm start`: reads and validates the configuration (before anything is opened), composes the
 * service (locking an embedded data directory for this process), listens, records where in the
 * lock (so `pnpm org:create` can use the admin API meanwhile), starts the calendar and notification workers, and on
 * SIGINT/SIGTERM (Ctrl-C, even during start-up) stops taking requests, drains those in flight and
 * the worker's pass, closes the database, releases the lock and exits 0.
 */
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { type Composed, compose } from "./composition.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { DataDirBusy } from "./system/data-dir-lock.ts";

/** Signals that arrive before the server is up are kept, and acted on once it can stop cleanly. */
function watchSignals(): { early: () => string | null; handOver: (stop: (signal: string) => void) => void } {
  let early: string | null = null;
  let handler = (signal: string) => {
    early ??= signal;
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => handler(signal));
  return {
    early: () => early,
    handOver: (stop) => {
      handler = stop;
    },
  };
}

async function main(): Promise<void> {
  const loaded = performance.now();
  const signals = watchSignals();
  const config = loadConfig(process.env);
  const composed = await compose(config, { command: "pnpm start" });
  const opened = performance.now();
  const { logger } = composed.services;
  if (signals.early() !== null) {
    await composed.close();
    logger.info({ signal: signals.early() }, "stopped before listening");
    process.exit(0);
  }
  if (config.loopbackReason !== null) logger.warn(config.loopbackReason);
  for (const warning of config.warnings) logger.warn(warning);
  const server = serve({ fetch: composed.app.fetch, port: config.port, hostname: config.host }, (info) => {
    const url = `http://${urlHost(config.host)}:${info.port}`;
    composed.backend.lock?.announce(url);
    logger.info(
      {
        url,
        store: composed.backend.description,
        calendar: composed.google === null ? "none (set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET)" : "google",
        worker: composed.worker === null ? "off" : "on",
        notifications: composed.services.notifications.channels.join(", ") || "none (set TWILIO_* or SMTP_URL)",
        adminApi: config.adminToken === null ? "off (set ADMIN_TOKEN)" : "on",
        allowMetadataTenant: config.allowMetadataTenant,
        startupMs: startupMs(loaded, opened),
      },
      "voxanne booking core listening",
    );
  }) as Server;
  composed.worker?.start();
  composed.notificationWorker?.start();
  signals.handOver(stopper(config, composed, server));
}

/**
 * Where start-up went, in ms since the process began: loading the code (Node's start and the
 * module graph), opening the service (configuration, database, migrations, demo clinic), listening.
 */
function startupMs(loaded: number, opened: number): Record<string, number> {
  const now = performance.now();
  return {
    load: Math.round(loaded),
    open: Math.round(opened - loaded),
    listen: Math.round(now - opened),
    total: Math.round(now),
  };
}

/** The graceful stop: once, bounded by SHUTDOWN_TIMEOUT_MS, exit 0 when everything closed. */
function stopper(config: Config, composed: Composed, server: Server): (signal: string) => void {
  const { logger } = composed.services;
  let stopping = false;
  return (signal) => {
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
}

/** How a client on this machine reaches the listener: a wildcard address is reached through loopback. */
function urlHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::" || host === "::1") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirBusy) {
    console.error(error.message);
  } else {
    console.error("The service could not start:", error);
  }
  process.exit(1);
});
