/**
 * @module function-store
 * `BookingStore` + `ClinicDirectory` over the SQL functions of supabase/migrations: every method
 * is one function call (one round trip, one transaction), whatever carries it (pg, PGlite or
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
  isUuid,
  type OrgId,
  type RescheduleCommand,
  type StoreUnavailable,
  type UnknownOrg,
} from "@voxanne/domain";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import {
  decodeAppointment,
  decodeAppointments,
  decodeClinic,
  decodeContact,
  decodeIntervals,
  decodeReceipt,
  type Refusal,
  refusalOf,
  refusals,
} from "./decode.ts";
import { type RpcArgs, type RpcCaller, storeFailure } from "./rpc.ts";
import { decodeJobs, type OutboxJob, type SyncOutbox } from "./sync-outbox.ts";

type Answer = Record<string, unknown>;
const iso = (d: Date) => d.toISOString();

export class FunctionStore implements BookingStore, ClinicDirectory, SyncOutbox {
  private readonly rpc: RpcCaller;

  constructor(rpc: RpcCaller) {
    this.rpc = rpc;
  }

  /** A function call that refuses nothing (any `{"error"}` would be a store failure). */
  protected read<T>(fn: string, args: RpcArgs, decode: (answer: Answer) => T): ResultAsync<T, StoreUnavailable> {
    return this.call<T, never>(fn, args, decode);
  }

  /** One function call; `{"error": CODE}` becomes that refusal, a bad answer a store failure. */
  protected call<T, E extends Refusal | StoreUnavailable>(
    fn: string,
    args: RpcArgs,
    decode: (answer: Answer) => T,
  ): ResultAsync<T, E | StoreUnavailable> {
    return this.rpc(fn, args).andThen((answer) => {
      try {
        const refusal = refusalOf(answer);
        if (refusal !== null) return errAsync(refusals[refusal]() as E);
        return okAsync(decode(answer as Answer));
      } catch (e) {
        return errAsync(storeFailure("XX000", `${fn}: ${e instanceof Error ? e.message : String(e)}`));
      }
    });
  }

  book(command: BookCommand): ResultAsync<BookOutcome, BookError> {
    if (!isUuid(command.orgId)) return errAsync(DomainErrors.unknownOrg());
    if (!isUuid(command.appointmentId)) return errAsync(storeFailure("22P02", "appointment id is not a UUID"));
    return this.call<BookOutcome, BookError>(
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
    return this.read("replay_booking", { p_org_id: orgId, p_idempotency_key: idempotencyKey }, (a) =>
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
    return this.call<{ contact: Contact; path: ContactPath }, UnknownOrg>(
      "resolve_contact",
      { p_org_id: orgId, p_phone: details.phone, p_email: details.email, p_name: details.name },
      (a) => ({ contact: decodeContact(a.contact), path: a.path as ContactPath }),
    ).mapErr((e) => (e.code === "UNKNOWN_ORG" ? unknown() : e));
  }

  reschedule(command: RescheduleCommand): ResultAsync<Appointment, ChangeError> {
    if (!isUuid(command.orgId) || !isUuid(command.appointmentId)) return errAsync(DomainErrors.appointmentNotFound());
    return this.call<Appointment, ChangeError>(
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
    return this.read(
      "busy_intervals",
      { p_org_id: orgId, p_calendar_id: calendarId, p_from: iso(window.start), p_to: iso(window.end) },
      (a) => decodeIntervals(a),
    );
  }

  findUpcoming(orgId: OrgId, who: ContactLookup, from: Date): ResultAsync<Appointment[], StoreUnavailable> {
    if (!isUuid(orgId)) return okAsync([]);
    return this.read(
      "find_upcoming",
      { p_org_id: orgId, p_phone: who.phone, p_email: who.email, p_from: iso(from) },
      (a) => decodeAppointments(a),
    );
  }

  getClinic(orgId: OrgId): ResultAsync<ClinicSettings, UnknownOrg | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    return this.call<ClinicSettings, UnknownOrg>("get_clinic", { p_org_id: orgId }, (a) => decodeClinic(a.clinic));
  }

  /** Creates or replaces a clinic (seeding, admin). */
  saveClinic(settings: ClinicSettings): ResultAsync<ClinicSettings, StoreUnavailable> {
    return this.read("save_clinic", { p_clinic: { ...settings } }, (a) => decodeClinic(a.clinic));
  }

  claimSyncJobs(limit: number, leaseSeconds = 60): ResultAsync<OutboxJob[], StoreUnavailable> {
    return this.read("claim_sync_jobs", { p_limit: limit, p_lease_seconds: leaseSeconds }, (a) => decodeJobs(a));
  }

  completeSyncJob(jobId: number): ResultAsync<boolean, StoreUnavailable> {
    return this.read("complete_sync_job", { p_job_id: jobId }, (a) => a.completed === true);
  }

  failSyncJob(jobId: number, error: string): ResultAsync<Date | null, StoreUnavailable> {
    return this.rpc("fail_sync_job", { p_job_id: jobId, p_error: error }).map((a) => {
      const next = (a as Answer).nextAttemptAt;
      return typeof next === "string" ? new Date(next) : null;
    });
  }

  private appointmentCall(
    fn: string,
    orgId: OrgId,
    appointmentId: string,
    extra: RpcArgs,
  ): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable> {
    if (!isUuid(orgId) || !isUuid(appointmentId)) return errAsync(DomainErrors.appointmentNotFound());
    return this.call<Appointment, AppointmentNotFound>(
      fn,
      { p_org_id: orgId, p_appointment_id: appointmentId, ...extra },
      (a) => decodeAppointment(a.appointment),
    );
  }
}
