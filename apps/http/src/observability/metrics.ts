/**
 * @module observability/metrics
 * Prometheus metrics (prom-client) on a registry of the app's own, so several apps (tests) never
 * share counters: bookings by outcome, calendar syncs by outcome and path, tool latency, and
 * gauges of calendar integrations and outbox jobs refreshed at each scrape; notifications by
 * channel, kind and outcome, and the notification backlog.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export class Metrics {
  readonly registry = new Registry();
  readonly bookings = new Counter({
    name: "voxanne_bookings_total",
    help: "Booking tool calls by outcome (booked, replayed, or the refusal code)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly calendarSyncs = new Counter({
    name: "voxanne_calendar_syncs_total",
    help: "Calendar syncs by path (inline, worker) and outcome (synced, not_linked, or the error code)",
    labelNames: ["via", "outcome"] as const,
    registers: [this.registry],
  });
  readonly toolDuration = new Histogram({
    name: "voxanne_tool_duration_seconds",
    help: "Time to answer one Vapi tool call",
    labelNames: ["tool", "outcome"] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers: [this.registry],
  });
  readonly integrations = new Gauge({
    name: "voxanne_calendar_integrations",
    help: "Linked calendars by status (active, reauth_required)",
    labelNames: ["status"] as const,
    registers: [this.registry],
  });
  readonly outboxJobs = new Gauge({
    name: "voxanne_calendar_outbox_jobs",
    help: "Calendar sync jobs by state (due, scheduled, parked)",
    labelNames: ["state"] as const,
    registers: [this.registry],
  });

  readonly notifications = new Counter({
    name: "voxanne_notifications_total",
    help: "Notification jobs settled by channel (sms, email), kind (booked, rescheduled, cancelled, reminder) and outcome (sent, reconciled, or the retry / drop reason)",
    labelNames: ["channel", "kind", "outcome"] as const,
    registers: [this.registry],
  });
  readonly notificationJobs = new Gauge({
    name: "voxanne_notification_outbox_jobs",
    help: "Pending notification jobs by state (due, scheduled)",
    labelNames: ["state"] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }
}
