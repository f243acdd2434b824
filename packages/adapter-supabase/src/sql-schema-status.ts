/**
 * @module sql-schema-status
 * The domain's `SchemaStatus`: the schema this code expects (the newest bundled migration's
 * version) against what the database's `schema_version()` answers. It is a function, so that
 * supabase-js, which can only call functions, can ask too; a database without it (never
 * migrated, or PostgREST's schema cache is stale) answers `actual: null`.
 */
import type { SchemaStatus, SchemaVersion, StoreUnavailable } from "@voxanne/domain";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { z } from "zod";
import { SqlFunctions } from "./function-call.ts";
import { latestMigrationVersion } from "./migrate.ts";
import { defect, isMissingFunction, type RpcCaller } from "./rpc.ts";

const version = z.object({ version: z.string() }).transform((a) => a.version);

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
