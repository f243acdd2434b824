/**
 * @module routes/ops-routes
 * Operations: liveness (`/api/health`), readiness (`/api/ready`: database reachable, migrations
 * current, calendar links that need reconnecting, outbox backlog, the notification backlog and
 * oldest due message (shown, never a reason for 503); what a load balancer asks),
 * the verbose report (`/api/ready?verbose=1`, admin only: every check `pnpm verify` makes, each
 * with its fix) and Prometheus `/metrics`.
 */
import { checkReadiness, type ReadinessReport } from "@voxanne/domain";
import { type Context, Hono } from "hono";
import { AdminErrors } from "../admin/admin-errors.ts";
import type { AppEnv } from "../app-env.ts";
import type { AppServices } from "../app-services.ts";
import { sameSecret } from "../vapi/vapi-auth.ts";

export function opsRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/api/health", (c) => c.json({ status: "ok" }));

  app.get("/api/ready", async (c) => {
    const verbose = c.req.query("verbose");
    if (verbose !== undefined && verbose !== "0" && verbose !== "false") return verboseReport(c, services);
    const report = await checkReadiness(services.readiness);
    const notifications = await notificationBacklog(services);
    return c.json(
      { status: report.ready ? "ready" : "not_ready", ...describe(report), notifications },
      report.ready ? 200 : 503,
    );
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
    const backlog = await notificationBacklog(services);
    if (backlog !== null) {
      metrics.notificationJobs.set({ state: "due" }, backlog.due);
      metrics.notificationJobs.set({ state: "scheduled" }, backlog.scheduled);
    }
    return c.text(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType });
  });

  return app;
}

/** Every check with its fix, for an operator holding the admin token: 200 when none fails, else 503. */
async function verboseReport(c: Context<AppEnv>, services: AppServices) {
  const token = c.req.header("authorization")?.replace(/^Bearer\s+/i, "");
  const expected = services.adminToken;
  if (expected === null || token === undefined || !sameSecret(token, expected)) {
    const refusal = AdminErrors.unauthorized(
      expected === null
        ? "The verbose report is off on this server: set ADMIN_TOKEN to turn it on (or run `pnpm verify` beside it)."
        : "Missing or wrong admin token: send Authorization: Bearer <ADMIN_TOKEN>.",
    );
    return c.json(refusal.payload, 401, { "WWW-Authenticate": "Bearer" });
  }
  const report = await checkReadiness(services.readiness, { verbose: true, now: new Date(services.nowMs()) });
  return c.json(
    { status: report.ready ? "ready" : "not_ready", ...describe(report), checks: report.checks },
    report.ready ? 200 : 503,
    { "Cache-Control": "no-store" },
  );
}

/** The notification backlog (due now, scheduled, the oldest due instant); `null` when the store cannot say. */
async function notificationBacklog(services: AppServices) {
  const summary = await services.notifications.outbox.summary();
  return summary.match(
    (s) => ({ ...s, channels: services.notifications.channels }),
    () => null,
  );
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
