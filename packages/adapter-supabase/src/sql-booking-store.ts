/**
 * @module sql-booking-store
 * The domain's `BookingStore` over the booking functions (supabase/schemas/30_booking.sql: contact
 * resolution, appointments, retry receipts, the caller check). Every method is one function call
 * (one round trip, one transaction), whatever carries it. Ids that cannot exist (not UUIDs) never
 * reach SQL: they are answered here the way the database would answer an unknown one.
 */
import {
  type Appointment,
  type AppointmentNotFound,
  type BookCommand,
  type BookError,
  type BookingReceipt,
  type BookingStore,
  type BookOutcome,
  type BusyWindow,
  type CallerChange,
  type CallerNotVerified,
  type CallerProof,
  type CallerReschedule,
  type CallerRescheduleError,
  type ChangeError,
  type ChangeKind,
  type ChangeOutcome,
  type Contact,
  type ContactDetails,
  type ContactPath,
  DomainErrors,
  type Interval,
  isUuid,
  type OrgId,
  type Placement,
  type PractitionerBusy,
  type RescheduleCommand,
  type SettingsStale,
  type StoreUnavailable,
} from "@voxanne/domain";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { z } from "zod";
import { appointment, busyAnswer, changeOutcome, contact, contactPath, receipt } from "./answer-shapes.ts";
import { SqlFunctions } from "./function-call.ts";
import { type RpcArgs, type RpcCaller, storeFailure } from "./rpc.ts";

const iso = (d: Date) => d.toISOString();

/** A `Placement` as the booking functions' `p_placement` (candidates with uuid ids only: another id is nobody's). */
const placementArg = (p: Placement) => ({
  candidates: p.candidates.filter((c) => isUuid(c.practitionerId)),
  serviceId: p.serviceId,
  startsAt: iso(p.startsAt),
  endsAt: iso(p.endsAt),
  blocksFrom: iso(p.blocksFrom),
  blocksUntil: iso(p.blocksUntil),
  dayStart: iso(p.dayStart),
  dayEnd: iso(p.dayEnd),
});

/** A `BusyWindow` as book_appointment's `p_busy_window` (uuid ids only: another id has no appointments). */
const busyWindowArg = (w: BusyWindow | null) =>
  w === null
    ? null
    : { practitionerIds: w.practitionerIds.filter(isUuid), from: iso(w.window.start), to: iso(w.window.end) };

const booked = z
  .object({ receipt, replayed: z.boolean(), current: appointment.nullable().optional() })
  .transform(({ current, ...outcome }): BookOutcome => (current == null ? outcome : { ...outcome, current }));
const replayed = z.object({ receipt: receipt.nullable() });
const resolved = z.object({ contact, path: contactPath });
const found = z.object({ contact: contact.nullable() });
const changed = z.object({ appointment }).transform((a) => a.appointment);
const replayedChange = z.object({ change: changeOutcome.nullable() }).transform((a) => a.change);

/** The caller's credentials as the SQL functions take them (`caller_owns`). */
const callerArgs = (caller: CallerProof) => ({
  p_caller_id: caller.callerId ?? null,
  p_phone: caller.phone,
  p_email: caller.email,
});
const keyArgs = (c: Pick<CallerChange, "idempotencyKey" | "idempotencyWindowSeconds">) => ({
  p_idempotency_key: c.idempotencyKey,
  p_key_window_seconds: c.idempotencyWindowSeconds ?? null,
});
const notVerified = () => errAsync(DomainErrors.callerNotVerified("change"));

export class SqlBookingStore implements BookingStore {
  private readonly functions: SqlFunctions;

  constructor(rpc: RpcCaller) {
    this.functions = new SqlFunctions(rpc);
  }

  book(command: BookCommand): ResultAsync<BookOutcome, BookError> {
    if (!isUuid(command.orgId)) return errAsync(DomainErrors.unknownOrg());
    if (!isUuid(command.appointmentId)) return errAsync(storeFailure("22P02", "appointment id is not a UUID"));
    return this.functions
      .call(
        "book_appointment",
        {
          p_org_id: command.orgId,
          p_appointment_id: command.appointmentId,
          p_idempotency_key: command.idempotencyKey,
          p_phone: command.contact.phone,
          p_email: command.contact.email,
          p_name: command.contact.name,
          p_placement: placementArg(command),
          p_service_type: command.serviceType,
          p_key_window_seconds: command.idempotencyWindowSeconds ?? null,
          p_settings_version: command.settingsVersion ?? null,
          p_busy_window: busyWindowArg(command.busyWindow ?? null),
        },
        booked,
        ["SLOT_UNAVAILABLE", "UNKNOWN_ORG", "SETTINGS_STALE"],
      )
      .mapErr((e) => (e.code === "SETTINGS_STALE" ? DomainErrors.settingsStale(command.settingsVersion ?? null) : e));
  }

  replay(orgId: OrgId, idempotencyKey: string): ResultAsync<BookingReceipt | null, StoreUnavailable> {
    if (!isUuid(orgId)) return okAsync(null);
    return this.functions
      .call("replay_booking", { p_org_id: orgId, p_idempotency_key: idempotencyKey }, replayed)
      .map((a) => a.receipt);
  }

  /** An org the database does not know cannot own contacts: that is a (non-retryable) store failure. */
  resolveContact(
    orgId: OrgId,
    details: ContactDetails,
  ): ResultAsync<{ contact: Contact; path: ContactPath }, StoreUnavailable> {
    const unknown = () => storeFailure("UNKNOWN_ORG", `no clinic ${orgId}`);
    if (!isUuid(orgId)) return errAsync(unknown());
    return this.functions
      .call(
        "resolve_contact",
        { p_org_id: orgId, p_phone: details.phone, p_email: details.email, p_name: details.name },
        resolved,
        ["UNKNOWN_ORG"],
      )
      .mapErr((e) => (e.code === "UNKNOWN_ORG" ? unknown() : e));
  }

  getContact(orgId: OrgId, contactId: string): ResultAsync<Contact | null, StoreUnavailable> {
    if (!isUuid(orgId) || !isUuid(contactId)) return okAsync(null);
    return this.functions
      .call("get_contact", { p_org_id: orgId, p_contact_id: contactId }, found)
      .map((a) => a.contact);
  }

  reschedule(command: RescheduleCommand): ResultAsync<Appointment, ChangeError> {
    if (!isUuid(command.orgId) || !isUuid(command.appointmentId)) return errAsync(DomainErrors.appointmentNotFound());
    return this.functions.call(
      "reschedule_appointment",
      {
        p_org_id: command.orgId,
        p_appointment_id: command.appointmentId,
        p_placement: placementArg(command),
      },
      changed,
      ["APPOINTMENT_NOT_FOUND", "APPOINTMENT_CANCELLED", "SLOT_UNAVAILABLE"],
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
    calendarId: string,
  ): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable> {
    return this.appointmentCall("mark_calendar_synced", orgId, appointmentId, {
      p_version: version,
      p_event_id: eventId,
      p_calendar_id: calendarId,
    });
  }

  getForCaller(
    orgId: OrgId,
    appointmentId: string,
    caller: CallerProof,
  ): ResultAsync<Appointment, CallerNotVerified | StoreUnavailable> {
    if (!isUuid(orgId) || !isUuid(appointmentId)) return notVerified();
    return this.functions.call(
      "caller_appointment",
      { p_org_id: orgId, p_appointment_id: appointmentId, ...callerArgs(caller) },
      changed,
      ["CALLER_NOT_VERIFIED"],
    );
  }

  cancelForCaller(command: CallerChange): ResultAsync<ChangeOutcome, CallerNotVerified | StoreUnavailable> {
    if (!isUuid(command.orgId) || !isUuid(command.appointmentId)) return notVerified();
    return this.functions.call(
      "cancel_for_caller",
      {
        p_org_id: command.orgId,
        p_appointment_id: command.appointmentId,
        ...callerArgs(command.caller),
        ...keyArgs(command),
      },
      changeOutcome,
      ["CALLER_NOT_VERIFIED"],
    );
  }

  rescheduleForCaller(command: CallerReschedule): ResultAsync<ChangeOutcome, CallerRescheduleError> {
    if (!isUuid(command.orgId) || !isUuid(command.appointmentId)) return notVerified();
    const judgedWith = command.settingsVersion ?? null;
    return this.functions
      .call(
        "reschedule_for_caller",
        {
          p_org_id: command.orgId,
          p_appointment_id: command.appointmentId,
          ...callerArgs(command.caller),
          p_placement: placementArg(command),
          ...keyArgs(command),
          p_settings_version: judgedWith,
        },
        changeOutcome,
        ["CALLER_NOT_VERIFIED", "APPOINTMENT_CANCELLED", "SLOT_UNAVAILABLE", "SETTINGS_STALE"],
      )
      .mapErr((e) => (e.code === "SETTINGS_STALE" ? DomainErrors.settingsStale(judgedWith) : e));
  }

  replayChange(
    orgId: OrgId,
    kind: ChangeKind,
    idempotencyKey: string,
  ): ResultAsync<ChangeOutcome | null, StoreUnavailable> {
    if (!isUuid(orgId)) return okAsync(null);
    return this.functions.call(
      "replay_change",
      { p_org_id: orgId, p_kind: kind, p_idempotency_key: idempotencyKey },
      replayedChange,
    );
  }

  busyIntervals(
    orgId: OrgId,
    practitionerIds: readonly string[],
    window: Interval,
    settingsVersion: number | null = null,
  ): ResultAsync<PractitionerBusy, SettingsStale | StoreUnavailable> {
    const asked = practitionerIds.filter(isUuid);
    const none = Object.fromEntries(practitionerIds.map((id) => [id, []]));
    if (!isUuid(orgId) || asked.length === 0) return okAsync(none);
    const args = { p_org_id: orgId, p_practitioner_ids: [...asked], p_from: iso(window.start), p_to: iso(window.end) };
    return this.functions
      .call("busy_intervals", { ...args, p_settings_version: settingsVersion }, busyAnswer, ["SETTINGS_STALE"])
      .map((busy) => ({ ...none, ...busy }))
      .mapErr((e) => (e.code === "SETTINGS_STALE" ? DomainErrors.settingsStale(settingsVersion) : e));
  }

  findUpcoming(orgId: OrgId, caller: CallerProof, from: Date): ResultAsync<Appointment[], StoreUnavailable> {
    if (!isUuid(orgId)) return okAsync([]);
    return this.functions.call(
      "find_upcoming",
      { p_org_id: orgId, ...callerArgs(caller), p_from: iso(from) },
      z.array(appointment),
    );
  }

  private appointmentCall(
    fn: string,
    orgId: OrgId,
    appointmentId: string,
    extra: RpcArgs,
  ): ResultAsync<Appointment, AppointmentNotFound | StoreUnavailable> {
    if (!isUuid(orgId) || !isUuid(appointmentId)) return errAsync(DomainErrors.appointmentNotFound());
    return this.functions.call(fn, { p_org_id: orgId, p_appointment_id: appointmentId, ...extra }, changed, [
      "APPOINTMENT_NOT_FOUND",
    ]);
  }
}
