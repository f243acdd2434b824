/**
 * @module use-cases/readiness
 * Whether this instance can serve: the database answers and runs the schema this code expects,
 * which calendar links need their clinic to reconnect, and how far behind the calendar outbox
 * is. Read by `/api/ready` and `/metrics`; a part that cannot be read is reported, not thrown.
 */
import { okAsync } from "neverthrow";
import type { CalendarIntegration, IntegrationStore } from "../ports/integration-store.port.ts";
import type { SchemaStatus, SchemaVersion } from "../ports/schema-status.port.ts";
import type { OutboxSummary, SyncOutbox } from "../ports/sync-outbox.port.ts";

export interface ReadinessDeps {
  readonly schema: SchemaStatus;
  readonly outbox: Pick<SyncOutbox, "summary">;
  /** The calendar provider's name and links; `null` when none is configured. */
  readonly calendar: { readonly provider: string; readonly integrations: Pick<IntegrationStore, "list"> } | null;
}

export interface ReadinessReport {
  readonly database: "ok" | "unreachable";
  /** `null` when the database could not be asked. */
  readonly migrations: SchemaVersion | null;
  readonly integrations: readonly Pick<CalendarIntegration, "orgId" | "status" | "statusReason">[];
  readonly outbox: OutboxSummary | null;
  /** The calendar provider (`google`), or `none`. */
  readonly calendar: string;
  /** Database reachable and its schema current. */
  readonly ready: boolean;
}

export async function checkReadiness(deps: ReadinessDeps): Promise<ReadinessReport> {
  const [schema, outbox, integrations] = await Promise.all([
    deps.schema.check(),
    deps.outbox.summary(),
    deps.calendar === null ? okAsync<CalendarIntegration[], never>([]) : deps.calendar.integrations.list(),
  ]);
  const migrations = schema.isOk() ? schema.value : null;
  return {
    database: schema.isOk() ? "ok" : "unreachable",
    migrations,
    integrations: integrations.isOk()
      ? integrations.value.map(({ orgId, status, statusReason }) => ({ orgId, status, statusReason }))
      : [],
    outbox: outbox.isOk() ? outbox.value : null,
    calendar: deps.calendar?.provider ?? "none",
    ready: migrations?.current === true,
  };
}
