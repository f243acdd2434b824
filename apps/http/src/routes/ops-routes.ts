/**
 * @module routes/ops-routes
 * Operations: liveness (`/api/health`), readiness (`/api/ready`: database reachable, migrations
 * current, calendar links that need reconnecting, outbox backlog) and Prometheus `/metrics`.
 */
import { checkReadiness, type ReadinessReport } from "@voxanne/domain";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { AppServices } from "../app-services.ts";

export function opsRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/api/health", (c) => c.json({ status: "ok" }));

  app.get("/api/ready", async (c) => {
    const report = await checkReadiness(services.readiness);
    return c.json({ status: report.ready ? "ready" : "not_ready", ...describe(report) }, report.ready ? 200 : 503);
  });

  app.get("/metrics", async (c) => {
    const report = await checkReadiness(services.readiness);
    const { metrics } = services;
    metrics.integrations.reset();
    for (const status of ["active", "reauth_required"] as const) {
      metrics.integrations.set({ status }, report.integrations.filter((i) => i.status === status).length);
    }
    if (report.outbox !== null) {
      metrics.outboxJobs.set({ state: "due" }, report.outbox.due);
      metrics.outboxJobs.set({ state: "scheduled" }, report.outbox.scheduled);
      metrics.outboxJobs.set({ state: "parked" }, report.outbox.parked);
    }
    return c.text(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType });
  });

  return app;
}

function describe(report: ReadinessReport) {
  const needingReconnect = report.integrations.filter((i) => i.status === "reauth_required");
  return {
    database: report.database,
    migrations: report.migrations,
    calendar: report.calendar,
    integrations: {
      active: report.integrations.length - needingReconnect.length,
      reauthRequired: needingReconnect.map((i) => ({ orgId: i.orgId, reason: i.statusReason })),
    },
    outbox: report.outbox,
  };
}
