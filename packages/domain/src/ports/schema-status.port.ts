/**
 * @module ports/schema-status.port
 * Whether the database runs the schema this code was built with (readiness).
 */
import type { ResultAsync } from "neverthrow";
import type { StoreUnavailable } from "../errors/domain-error.ts";

export interface SchemaVersion {
  /** The newest migration this code ships. */
  readonly expected: string;
  /** What the database reports; `null` when it has never been migrated. */
  readonly actual: string | null;
  readonly current: boolean;
}

export interface SchemaStatus {
  /** The expected and actual schema versions; an unreachable database is `STORE_UNAVAILABLE`. */
  check(): ResultAsync<SchemaVersion, StoreUnavailable>;
}
