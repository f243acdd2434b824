/**
 * @module ports/schema-status.port
 * What an operator must know about the database before trusting it (readiness, `pnpm verify`):
 * whether it runs the schema this code was built with, whether the invariants the schema
 * enforces are really there (read from the catalog, not assumed), and each clinic's calendar
 * link and outbox backlog as the database holds them.
 */
import type { ResultAsync } from "neverthrow";
import type { StoreUnavailable } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";
import type { IntegrationStatus } from "./integration-store.port.ts";
import type { Backlog } from "./sync-outbox.port.ts";

export interface SchemaVersion {
  /** The newest migration this code ships. */
  readonly expected: string;
  /** What the database reports; `null` when it has never been migrated. */
  readonly actual: string | null;
  readonly current: boolean;
}

/** One invariant of the schema as the database's catalog shows it. */
export interface SchemaCheck {
  /** What is checked, naming the object: `constraint ex_appointments_practitioner_no_overlap`, `extension btree_gist`. */
  readonly name: string;
  readonly ok: boolean;
  /** What was found. */
  readonly detail: string;
  /** How to repair it when not `ok` (the SQL to run, or the command); `null` when `ok`. */
  readonly fix: string | null;
}

/** A clinic's calendar link and calendar backlog, read without decrypting anything. */
export interface ClinicSyncState {
  readonly orgId: OrgId;
  readonly name: string;
  /** The zone as stored (readiness checks it is a valid IANA region zone). */
  readonly zone: string;
  /** The clinic's calendar link; `null` when it has none. */
  readonly link: {
    readonly status: IntegrationStatus;
    readonly statusReason: string | null;
    /** When the link last changed (linked, relinked, marked for reconnecting, tokens refreshed). */
    readonly updatedAt: Date;
  } | null;
  /** When the calendar last confirmed one of the clinic's appointments; `null` when never (or not known). */
  readonly lastSyncedAt: Date | null;
  /** The clinic's calendar jobs. */
  readonly outbox: Backlog;
}

export interface SchemaStatus {
  /** The expected and actual schema versions; an unreachable database is `STORE_UNAVAILABLE`. */
  check(): ResultAsync<SchemaVersion, StoreUnavailable>;

  /**
   * The schema's invariants as the catalog shows them: `btree_gist`, `uq_contacts_org_phone`,
   * `ex_appointments_practitioner_no_overlap`, `appointments.contact_id` nullable, Row Level Security on every
   * table, functions closed to client roles. One read; an unreachable database is `STORE_UNAVAILABLE`.
   */
  inspect(): ResultAsync<SchemaCheck[], StoreUnavailable>;

  /** Every clinic with its calendar link and outbox backlog, ordered by name (then id), in one read. */
  clinicStates(): ResultAsync<ClinicSyncState[], StoreUnavailable>;
}
