/**
 * @module testing/in-memory-schema-status
 * A schema status whose versions the test gives (and may change), and which can be made
 * unreachable: readiness tests without a database.
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { DomainErrors, type StoreUnavailable } from "../errors/domain-error.ts";
import type { SchemaStatus, SchemaVersion } from "../ports/schema-status.port.ts";

export class InMemorySchemaStatus implements SchemaStatus {
  private readonly expected: string;
  private actual: string | null;
  private down: string | null = null;

  constructor(versions: { readonly expected: string; readonly actual: string | null }) {
    this.expected = versions.expected;
    this.actual = versions.actual;
  }

  /** The version the database now reports (`null`: never migrated). */
  setActual(actual: string | null): void {
    this.actual = actual;
  }

  /** Makes `check` answer `STORE_UNAVAILABLE` with this cause; `null` makes it reachable again. */
  setUnavailable(cause: string | null): void {
    this.down = cause;
  }

  check(): ResultAsync<SchemaVersion, StoreUnavailable> {
    if (this.down !== null) return errAsync(DomainErrors.storeUnavailable(this.down));
    const { expected, actual } = this;
    return okAsync({ expected, actual, current: actual === expected });
  }
}
