/**
 * @module composition/readiness
 * What `/api/ready` and `/metrics` report: the database answers and has the schema this code
 * expects, which calendar links need the clinic to reconnect, and the outbox backlog.
 */
import type { Readiness, ReadinessReport } from "../app-services.ts";
import type { Backend } from "./backend.ts";
import type { GoogleWiring } from "./google.ts";

export function readinessOf(backend: Backend, google: GoogleWiring | null): Readiness {
  return {
    check: async (): Promise<ReadinessReport> => {
      const [schema, outbox, integrations] = await Promise.all([
        backend.store.schemaStatus(),
        backend.store.outboxSummary(),
        google === null ? Promise.resolve(null) : google.integrations.list(),
      ]);
      return {
        database: schema.isOk() ? "ok" : "unreachable",
        migrations: schema.isOk() ? schema.value : null,
        integrations:
          integrations === null || integrations.isErr()
            ? []
            : integrations.value.map(({ orgId, status, statusReason }) => ({ orgId, status, statusReason })),
        outbox: outbox.isOk() ? outbox.value : null,
        calendar: google === null ? "none" : "google",
      };
    },
  };
}
