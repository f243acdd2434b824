/**
 * @module sql-schema-status
 * The domain's `SchemaStatus`: the schema this code expects (the newest bundled migration's
 * version) against what the database's `schema_version()` answers. It is a function, so that
 * supabase-js, which can only call functions, can ask too; a database without it (never
 * migrated, or PostgREST's schema cache is stale) answers `actual: null`. `inspect` and
 * `clinicStates` call `schema_checks()` and `clinic_states()` (supabase/schemas: schema checks);
 * a database that predates them gets one failing check saying to migrate.
 */
import type { ClinicSyncState, SchemaCheck, SchemaStatus, SchemaVersion, StoreUnavailable } from "@voxanne/domain";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { z } from "zod";
import { instant, orgId } from "./answer-shapes.ts";
import { SqlFunctions } from "./function-call.ts";
import { latestMigrationVersion } from "./migrate.ts";
import { defect, isMissingFunction, type RpcCaller } from "./rpc.ts";

const version = z.object({ version: z.string() }).transform((a) => a.version);
const schemaChecks = z.array(
  z.object({ name: z.string(), ok: z.boolean(), detail: z.string(), fix: z.string().nullable() }),
);
const clinicStates = z.array(
  z.object({
    orgId,
    name: z.string(),
    zone: z.string(),
    link: z
      .object({
        status: z.enum(["active", "reauth_required"]),
        statusReason: z.string().nullable(),
        updatedAt: instant,
      })
      .nullable(),
    lastSyncedAt: instant.nullable(),
    outbox: z.object({
      due: z.number().int(),
      scheduled: z.number().int(),
      parked: z.number().int(),
      oldestDueAt: instant.nullable(),
    }),
  }),
);

const predates = (e: StoreUnavailable): SchemaCheck => ({
  name: "schema checks",
  ok: false,
  detail: `the database has no schema_checks(): it predates this release (${e.cause ?? e.message})`,
  fix: "apply the migrations: DATABASE_URL=<url> pnpm db:migrate, or `supabase db push`",
});

export class SqlSchemaStatus implements SchemaStatus {
  private readonly functions: SqlFunctions;
  private expected: Promise<string> | undefined;

  constructor(rpc: RpcCaller) {
    this.functions = new SqlFunctions(rpc);
  }

  check(): ResultAsync<SchemaVersion, StoreUnavailable> {
    return this.expectedVersion().andThen((expected) =>
      this.functions
        .call("schema_version", {}, version)
        .orElse((e) => (isMissingFunction(e) ? okAsync(null) : errAsync(e)))
        .map((actual) => ({ expected, actual, current: actual === expected })),
    );
  }

  /** The catalog's view of the schema's invariants, one entry per check. */
  inspect(): ResultAsync<SchemaCheck[], StoreUnavailable> {
    return this.functions
      .call("schema_checks", {}, schemaChecks)
      .orElse((e) => (isMissingFunction(e) ? okAsync([predates(e)]) : errAsync(e)));
  }

  /** Every clinic's calendar link and outbox backlog, by name. */
  clinicStates(): ResultAsync<ClinicSyncState[], StoreUnavailable> {
    return this.functions.call("clinic_states", {}, clinicStates);
  }

  /** The newest bundled migration's version, read once. */
  private expectedVersion(): ResultAsync<string, StoreUnavailable> {
    const read = ResultAsync.fromThrowable(
      () => {
        this.expected ??= latestMigrationVersion();
        return this.expected;
      },
      (e) => defect("schema_version", `bundled migrations unreadable: ${e instanceof Error ? e.message : String(e)}`),
    );
    return read();
  }
}
