/**
 * @module composition
 * The one composition root: opens the stores (Supabase, Postgres or embedded PGlite: one per
 * port), the Google calendar and the SMS / email providers when configured, hands the ports to
 * the app and the outbox workers (calendar, notifications),
 * from a validated `Config`. The only module of the app that imports adapter packages. Secrets are
 * checked before the database is opened; an embedded data directory is locked for this process.
 * Tests call it with their own clock, ids or logger; `close()` releases everything in order.
 */
import {
  type BookingDeps,
  CachedClinicCatalog,
  CachedClinicDirectory,
  CachedTenantDirectory,
  type ClinicCatalog,
  type ClinicDirectory,
  type Clock,
  type IdGenerator,
  SettingsCache,
  type TenantDirectory,
} from "@voxanne/domain";
import type { Hono } from "hono";
import { newApp } from "./app.ts";
import type { AppEnv } from "./app-env.ts";
import type { AppServices } from "./app-services.ts";
import { type Backend, openBackend } from "./composition/backend.ts";
import { connectGoogle, type GoogleWiring } from "./composition/google.ts";
import { connectNotifications } from "./composition/notifications.ts";
import { checkTokenKey } from "./composition/token-key.ts";
import { type Config, deploymentFacts } from "./config.ts";
import { createLogger, type Logger } from "./observability/logger.ts";
import { Metrics } from "./observability/metrics.ts";
import { randomIds, systemClock } from "./system/system-clock.ts";
import { CalendarSyncWorker } from "./worker/calendar-sync-worker.ts";
import { NotificationWorker } from "./worker/notification-worker.ts";

export interface Overrides {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  readonly nowMs?: () => number;
  /** Google's clock for OAuth state expiry (default: the wall clock). */
  readonly googleNow?: () => Date;
  /** The command named to a process that finds the embedded data directory busy (default `pnpm start`). */
  readonly command?: string;
}

export interface Composed {
  readonly app: Hono<AppEnv>;
  readonly services: AppServices;
  readonly backend: Backend;
  /** `null` when no calendar is configured or the worker is switched off. */
  readonly worker: CalendarSyncWorker | null;
  readonly google: GoogleWiring | null;
  /** The notification outbox worker; `null` when workers are switched off (`WORKER_ENABLED=false`). */
  readonly notificationWorker: NotificationWorker | null;
  /** Stops the worker (draining its pass) and closes the database. */
  close(): Promise<void>;
}

/**
 * An instance's view of the clinics through its own settings cache (domain settings-cache/): the
 * hot path's tenant and clinic reads served from memory, every change made through it forgetting
 * the clinic at once. One per app instance; a second over the same stores is a second instance.
 */
export function cachedDirectories(stores: {
  readonly clinics: ClinicDirectory;
  readonly tenants: TenantDirectory;
  readonly catalog: ClinicCatalog;
}) {
  const settings = new SettingsCache();
  return {
    settings,
    clinics: new CachedClinicDirectory(stores.clinics, settings),
    tenants: new CachedTenantDirectory(stores.tenants, settings),
    catalog: new CachedClinicCatalog(stores.catalog, settings),
  };
}

export async function compose(config: Config, overrides: Overrides = {}): Promise<Composed> {
  const cipher = checkTokenKey(config);
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics();
  const backend = await openBackend(config.store, logger, {
    command: overrides.command ?? "pnpm start",
    timeoutMs: config.databaseTimeoutMs,
  });
  const { stores } = backend;
  const google =
    config.google === null || cipher === null ? null : await connectGoogle(config, stores, cipher, overrides.googleNow);
  const notifications = await connectNotifications(config, stores);
  const clock = overrides.clock ?? systemClock;
  const cached = cachedDirectories(stores);
  const deps: BookingDeps = {
    store: stores.bookings,
    clinics: cached.clinics,
    clock,
    ids: overrides.ids ?? randomIds,
    calendarBudgetMs: config.calendarInlineBudgetMs,
    ...(google === null ? {} : { calendar: google.gateway }),
  };
  const services: AppServices = {
    deps,
    tenants: cached.tenants,
    clinics: cached.clinics,
    catalog: cached.catalog,
    settings: cached.settings,
    readiness: {
      schema: stores.schema,
      outbox: stores.outbox,
      calendar: google === null ? null : { provider: "google", integrations: google.integrations },
      deployment: deploymentFacts(config),
    },
    calendarLink: google === null ? null : { connect: google.connect, outbox: stores.outbox },
    notifications: notifications.services,
    logger,
    metrics,
    vapiAuth: config.vapi,
    allowMetadataTenant: config.allowMetadataTenant,
    adminToken: config.adminToken,
    publicUrl: config.publicUrl,
    nowMs: overrides.nowMs ?? Date.now,
  };
  const worker =
    google !== null && config.worker.enabled
      ? new CalendarSyncWorker({
          outbox: stores.outbox,
          calendar: google.gateway,
          logger: logger.child({ component: "calendar-worker" }),
          metrics,
          intervalMs: config.worker.intervalMs,
          budgetMs: config.worker.budgetMs,
        })
      : null;
  const notificationWorker = config.worker.enabled
    ? new NotificationWorker({
        deps: { ...notifications.services, notifiers: notifications.notifiers, clock },
        logger: logger.child({ component: "notification-worker" }),
        metrics,
        intervalMs: config.worker.intervalMs,
      })
    : null;
  return {
    app: newApp(services),
    services,
    backend,
    worker,
    google,
    notificationWorker,
    close: async () => {
      await Promise.all([worker?.stop(), notificationWorker?.stop()]);
      notifications.close();
      await backend.close();
    },
  };
}
