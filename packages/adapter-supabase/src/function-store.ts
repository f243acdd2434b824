/**
 * @module function-store
 * `BookingStore` + `ClinicDirectory` + `SyncOutbox` over the SQL functions of
 * supabase/migrations, plus what the app needs around them (clinic list, Vapi tenant mapping,
 * schema readiness) and the `IntegrationStore` over the same carrier. Every method is one
 * function call (one round trip, one transaction), whatever carries it (pg, PGlite or
 * PostgREST). Refusals come back as `{"error": CODE}` results and become domain errors; anything
 * thrown on the way becomes `STORE_UNAVAILABLE` (retryable when the cause is transient).
 */
import {
  type Appointment,
  type AppointmentNotFound,
  type BookCommand,
  type BookError,
  type BookingReceipt,
  type BookingStore,
  type BookOutcome,
  type ChangeError,
  type ClinicDirectory,
  type ClinicSettings,
  type Contact,
  type ContactDetails,
  type ContactLookup,
  type ContactPath,
  DomainErrors,
  type Interval,
  type InvalidInput,
  isUuid,
  type OrgId,
  type RescheduleCommand,
  type StoreUnavailable,
  type UnknownOrg,
} from "@voxanne/domain";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import {
  decodeAppointment,
  decodeAppointments,
  decodeClinic,
  decodeClinics,
  decodeContact,
  decodeIntervals,
  decodeReceipt,
} from "./decode.ts";
import { SqlFunctions } from "./function-call.ts";
import { latestMigrationVersion } from "./migrate.ts";
import { isMissingFunction, type RpcArgs, type RpcCaller, storeFailure } from "./rpc.ts";
import { SqlIntegrationStore } from "./sql-integration-store.ts";
import { decodeJobs, decodeSummary, type OutboxJob, type OutboxSummary, type SyncOutbox } from "./sync-outbox.ts";
import type { TokenCipher } from "./token-cipher.ts";
import { decodeLinks, type VapiIds, type VapiLinks } from "./vapi-links.ts";

const iso = (d: Date) => d.toISOString();

/** Readiness: the schema this code expects (newest bundled migration) against the database's. */
export interface SchemaStatus {
  readonly expected: string;
  /** `null`: the database has no `schema_version()` (not migrated). */
  readonly actual: string | null;
  readonly current: boolean;
}

export class FunctionStore implements BookingStore, ClinicDirectory, SyncOutbox {
  private readonly rpc: RpcCaller;
  private readonly functions: SqlFunctions;
  private expectedVersion: Promise<string> | undefined;

  constructor(rpc: RpcCaller) {
    this.rpc = rpc;
    this.functions = new SqlFunctions(rpc);
  }

  /** The `IntegrationStore` over the same connection, tokens encrypted with `cipher`. */
  integrationStore(cipher: TokenCipher): SqlIntegrationStore {
    return new SqlIntegrationStore(this.rpc, cipher);
  }

  book(command: BookCommand): ResultAsync<BookOutcome, BookError> {
    if (!isUuid(command.orgId)) return errAsync(DomainErrors.unknownOrg());
    if (!isUuid(command.appointmentId)) return errAsync(storeFailure("22P02", "appointment id is not a UUID"));
    return this.functions.call<BookOutcome, BookError>(
      "book_appointment",
      {
        p_org_id: command.orgId,
        p_appointment_id: command.appointmentId,
        p_idempotency_key: command.idempotencyKey,
        p_phone: command.contact.phone,
        p_email: command.contact.email,
        p_name: command.contact.name,
        p_calendar_id: command.calendarId,
        p_starts_at: iso(command.startsAt),
        p_ends_at: iso(command.endsAt),
        p_blocks_until: iso(command.blocksUntil),
        p_service_type: command.serviceType,
      },
      (a) => ({ receipt: decodeReceipt(a.receipt), replayed: a.replayed === true }),
    );
  }

  replay(orgId: OrgId, idempotencyKey: string): ResultAsync<BookingReceipt | null, StoreUnavailable> {
    if (!isUuid(orgId)) return okAsync(null);
    return this.functions.read("replay_booking", { p_org_id: orgId, p_idempotency_key: idempotencyKey }, (a) =>
      a.receipt === null || a.receipt === undefined ? null : decodeReceipt(a.receipt),
    );
  }

  /** An org the database does not know cannot own contacts: that is a (non-retryable) store failure. */
  resolveContact(
    orgId: OrgId,
    details: ContactDetails,
  ): ResultAsync<{ contact: Contact; path: ContactPath }, StoreUnavailable> {
    const unknown = () => storeFailure("UNKNOWN_ORG", `no clinic ${orgId}`);
    if (!isUuid(orgId)) return errAsync(unknown());
    return this.functions
      .call<{ contact: Contact; path: ContactPath }, UnknownOrg>(
        "resolve_contact",
        { p_org_id: orgId, p_phone: details.phone, p_email: details.email, p_name: details.name },
        (a) => ({ contact: decodeContact(a.contact), path: a.path as ContactPath }),
      )
      .mapErr((e) => (e.code === "UNKNOWN_ORG" ? unknown() : e));
  }

  getContact(orgId: OrgId, contactId: string): ResultAsync<Contact | null, StoreUnavailable> {
    if (!isUuid(orgId) || !isUuid(contactId)) return okAsync(null);
    return this.functions.read("get_contact", { p_org_id: orgId, p_contact_id: contactId }, (a) =>
      a.contact === null || a.contact === undefined ? null : decodeContact(a.contact),
    );
  }

  reschedule(command: RescheduleCommand): ResultAsync<Appointment, ChangeError> {
    if (!isUuid(command.orgId) || !isUuid(command.appointmentId)) return errAsync(DomainErrors.appointmentNotFound());
    return this.functions.call<Appointment, ChangeError>(
      "reschedule_appointment",
      {
        p_org_id: command.orgId,
        p_appointment_id: command.appointmentId,
        p_starts_at: iso(command.startsAt),
        p_ends_at: iso(command.endsAt),
        p_blocks_until: iso(command.blocksUntil),
      },
      (a) => decodeAppointment(a.appointment),
    );
  }

  cancel(orgId: OrgId, appointmentId: string): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable> {
    return this.appointmentCall("cancel_appointment", orgId, appointmentId, {});
  }

  getAppointment(
    orgId: OrgId,
    appointmentId: string,
  ): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable> {
    return this.appointmentCall("get_appointment", orgId, appointmentId, {});
  }

  markCalendarSynced(
    orgId: OrgId,
    appointmentId: string,
    version: number,
    eventId: string,
  ): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable> {
    return this.appointmentCall("mark_calendar_synced", orgId, appointmentId, {
      p_version: version,
      p_event_id: eventId,
    });
  }

  busyIntervals(orgId: OrgId, calendarId: string, window: Interval): ResultAsync<Interval[], StoreUnavailable> {
    if (!isUuid(orgId)) return okAsync([]);
    return this.functions.read(
      "busy_intervals",
      { p_org_id: orgId, p_calendar_id: calendarId, p_from: iso(window.start), p_to: iso(window.end) },
      (a) => decodeIntervals(a),
    );
  }

  findUpcoming(orgId: OrgId, who: ContactLookup, from: Date): ResultAsync<Appointment[], StoreUnavailable> {
    if (!isUuid(orgId)) return okAsync([]);
    return this.functions.read(
      "find_upcoming",
      { p_org_id: orgId, p_phone: who.phone, p_email: who.email, p_from: iso(from) },
      (a) => decodeAppointments(a),
    );
  }

  getClinic(orgId: OrgId): ResultAsync<ClinicSettings, UnknownOrg | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    return this.functions.call<ClinicSettings, UnknownOrg>("get_clinic", { p_org_id: orgId }, (a) =>
      decodeClinic(a.clinic),
    );
  }

  /** Creates or replaces a clinic (seeding, admin). */
  saveClinic(settings: ClinicSettings): ResultAsync<ClinicSettings, StoreUnavailable> {
    return this.functions.read("save_clinic", { p_clinic: { ...settings } }, (a) => decodeClinic(a.clinic));
  }

  /** Every clinic's settings, ordered by name. */
  listClinics(): ResultAsync<ClinicSettings[], StoreUnavailable> {
    return this.functions.read("list_clinics", {}, (a) => decodeClinics(a));
  }

  /** The org a Vapi call belongs to: the assistant's mapping wins over the phone number's. */
  orgForVapi(ids: VapiIds): ResultAsync<OrgId, UnknownOrg | StoreUnavailable> {
    if (ids.assistantId === null && ids.phoneNumberId === null) return errAsync(DomainErrors.unknownOrg());
    return this.functions.call<OrgId, UnknownOrg>(
      "org_for_vapi",
      { p_assistant_id: ids.assistantId, p_phone_number_id: ids.phoneNumberId },
      (a) => String(a.orgId) as OrgId,
    );
  }

  /** The org's Vapi assistant and phone-number ids (sorted), or `UNKNOWN_ORG`. */
  getVapiLinks(orgId: OrgId): ResultAsync<VapiLinks, UnknownOrg | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    return this.functions.call<VapiLinks, UnknownOrg>("get_vapi_links", { p_org_id: orgId }, (a) =>
      decodeLinks(a.links),
    );
  }

  /**
   * Replaces the org's Vapi ids, all or nothing, and answers them as stored. An id already linked
   * to another clinic is `INVALID_INPUT` on `vapiAssistantIds` / `vapiPhoneNumberIds` (nothing
   * changes); so is a blank id.
   */
  setVapiLinks(orgId: OrgId, links: VapiLinks): ResultAsync<VapiLinks, InvalidInput | UnknownOrg | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    const blank = (ids: readonly string[]) => ids.some((id) => id.trim() === "");
    if (blank(links.assistantIds)) return errAsync(DomainErrors.invalidInput("vapiAssistantIds", "An id is blank."));
    if (blank(links.phoneNumberIds)) {
      return errAsync(DomainErrors.invalidInput("vapiPhoneNumberIds", "An id is blank."));
    }
    return this.functions.call<VapiLinks, InvalidInput | UnknownOrg>(
      "set_vapi_links",
      { p_org_id: orgId, p_links: { assistantIds: links.assistantIds, phoneNumberIds: links.phoneNumberIds } },
      (a) => decodeLinks(a.links),
    );
  }

  claimSyncJobs(limit: number, leaseSeconds = 60): ResultAsync<OutboxJob[], StoreUnavailable> {
    return this.functions.read("claim_sync_jobs", { p_limit: limit, p_lease_seconds: leaseSeconds }, (a) =>
      decodeJobs(a),
    );
  }

  completeSyncJob(jobId: number): ResultAsync<boolean, StoreUnavailable> {
    return this.functions.read("complete_sync_job", { p_job_id: jobId }, (a) => a.completed === true);
  }

  failSyncJob(jobId: number, error: string): ResultAsync<Date | null, StoreUnavailable> {
    return this.functions.raw("fail_sync_job", { p_job_id: jobId, p_error: error }).map((a) => {
      const next = (a as { nextAttemptAt?: unknown }).nextAttemptAt;
      return typeof next === "string" ? new Date(next) : null;
    });
  }

  parkSyncJob(jobId: number, reason: string): ResultAsync<boolean, StoreUnavailable> {
    return this.functions.read("park_sync_job", { p_job_id: jobId, p_reason: reason }, (a) => a.parked === true);
  }

  requeueSyncJobs(orgId: OrgId): ResultAsync<number, StoreUnavailable> {
    if (!isUuid(orgId)) return okAsync(0);
    return this.functions.read("requeue_sync_jobs", { p_org_id: orgId }, (a) => Number(a.requeued));
  }

  outboxSummary(): ResultAsync<OutboxSummary, StoreUnavailable> {
    return this.functions.read("outbox_summary", {}, (a) => decodeSummary(a));
  }

  /**
   * Whether the database runs the schema this code was built with: `expected` is the newest
   * bundled migration's version, `actual` what the database's `schema_version()` answers (`null`
   * when it has none). An unreachable database is `STORE_UNAVAILABLE`, retryable.
   */
  schemaStatus(): ResultAsync<SchemaStatus, StoreUnavailable> {
    this.expectedVersion ??= latestMigrationVersion();
    const expected = ResultAsync.fromThrowable(
      () => this.expectedVersion ?? latestMigrationVersion(),
      (e) => storeFailure("XX000", `bundled migrations unreadable: ${e instanceof Error ? e.message : String(e)}`),
    )();
    return expected.andThen((version) =>
      this.functions
        .read<string | null>("schema_version", {}, (a) => (typeof a.version === "string" ? a.version : null))
        .orElse((e) => (isMissingFunction(e) ? okAsync(null) : errAsync(e)))
        .map((actual) => ({ expected: version, actual, current: actual === version })),
    );
  }

  private appointmentCall(
    fn: string,
    orgId: OrgId,
    appointmentId: string,
    extra: RpcArgs,
  ): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable> {
    if (!isUuid(orgId) || !isUuid(appointmentId)) return errAsync(DomainErrors.appointmentNotFound());
    return this.functions.call<Appointment, AppointmentNotFound>(
      fn,
      { p_org_id: orgId, p_appointment_id: appointmentId, ...extra },
      (a) => decodeAppointment(a.appointment),
    );
  }
}
