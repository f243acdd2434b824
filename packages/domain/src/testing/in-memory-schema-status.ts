/**
 * @module testing/in-memory-schema-status
 * A schema status whose versions, catalog checks and clinic states the test gives (and may
 * change), and which can be made unreachable: readiness tests without a database. By default
 * every check the SQL store makes passes and there are no clinics.
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { DomainErrors, type StoreUnavailable } from "../errors/domain-error.ts";
import type { ClinicSyncState, SchemaCheck, SchemaStatus, SchemaVersion } from "../ports/schema-status.port.ts";

/** The checks the SQL store's `schema_checks()` makes, by name. */
export const SCHEMA_CHECK_NAMES = [
  "extension btree_gist",
  "constraint uq_contacts_org_phone",
  "constraint ex_appointments_practitioner_no_overlap",
  "column appointments.contact_id nullable",
  "row level security on every table",
  "functions closed to client roles",
] as const;

export class InMemorySchemaStatus implements SchemaStatus {
  private readonly expected: string;
  private actual: string | null;
  private down: string | null = null;
  private checks: SchemaCheck[] = SCHEMA_CHECK_NAMES.map((name) => ({ name, ok: true, detail: "present", fix: null }));
  private clinics: ClinicSyncState[] = [];

  constructor(versions: { readonly expected: string; readonly actual: string | null }) {
    this.expected = versions.expected;
    this.actual = versions.actual;
  }

  /** The version the database now reports (`null`: never migrated). */
  setActual(actual: string | null): void {
    this.actual = actual;
  }

  /** Makes `check`, `inspect` and `clinicStates` answer `STORE_UNAVAILABLE` with this cause; `null` makes it reachable again. */
  setUnavailable(cause: string | null): void {
    this.down = cause;
  }

  /** Makes the named check fail with what was found and its fix (a name not in the list is added). */
  breakCheck(name: string, detail: string, fix: string): void {
    const broken: SchemaCheck = { name, ok: false, detail, fix };
    const known = this.checks.some((c) => c.name === name);
    this.checks = known ? this.checks.map((c) => (c.name === name ? broken : c)) : [...this.checks, broken];
  }

  /** The clinics `clinicStates` answers. */
  setClinicStates(states: readonly ClinicSyncState[]): void {
    this.clinics = [...states];
  }

  check(): ResultAsync<SchemaVersion, StoreUnavailable> {
    if (this.down !== null) return errAsync(DomainErrors.storeUnavailable(this.down));
    const { expected, actual } = this;
    return okAsync({ expected, actual, current: actual === expected });
  }

  inspect(): ResultAsync<SchemaCheck[], StoreUnavailable> {
    if (this.down !== null) return errAsync(DomainErrors.storeUnavailable(this.down));
    return okAsync([...this.checks]);
  }

  clinicStates(): ResultAsync<ClinicSyncState[], StoreUnavailable> {
    if (this.down !== null) return errAsync(DomainErrors.storeUnavailable(this.down));
    return okAsync([...this.clinics]);
  }
}
