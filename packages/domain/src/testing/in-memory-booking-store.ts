/**
 * @module testing/in-memory-booking-store
 * The booking store in memory, for tests and the property suite. Each operation awaits the
 * interleave hook once, then runs as one synchronous transaction over `MemoryDatabase`: atomic,
 * like the SQL functions, so the invariants hold whatever order the scheduler picks: what the
 * SQL serialises with advisory locks (a retry key: A2; a contact's phone and email: C5) is
 * serialised here by each operation being one transaction. Every change enqueues its outbox job
 * (due now) in the same transaction; a caller's change is checked against the caller (M1) in it.
 */
import { randomUUID } from "node:crypto";
import { ResultAsync } from "neverthrow";
import type { Appointment, BookingReceipt } from "../appointments/appointment.ts";
import { type Interval, overlaps } from "../clinic/opening-hours.ts";
import { type CallerProof, isCallersContact } from "../contacts/caller.ts";
import type { Contact, ContactDetails, ContactPath } from "../contacts/contact.ts";
import { planContactResolution, type StoredContact } from "../contacts/contact-resolution.ts";
import {
  type AppointmentNotFound,
  type CallerNotVerified,
  DomainErrors,
  type SettingsStale,
  type StoreUnavailable,
} from "../errors/domain-error.ts";
import type {
  BookCommand,
  BookError,
  BookingStore,
  BookOutcome,
  CallerChange,
  CallerReschedule,
  CallerRescheduleError,
  Candidate,
  ChangeError,
  ChangeKind,
  ChangeOutcome,
  Placement,
  PractitionerBusy,
  RescheduleCommand,
} from "../ports/booking-store.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { atomic, Refused } from "./atomic.ts";
import { type Interleave, runImmediately } from "./interleave.ts";
import { ConstraintViolation, MemoryDatabase } from "./memory-database.ts";

export interface InMemoryStoreOptions {
  readonly db?: MemoryDatabase;
  readonly interleave?: Interleave;
  readonly newContactId?: () => string;
}

export class InMemoryBookingStore implements BookingStore {
  readonly db: MemoryDatabase;
  private readonly interleave: Interleave;
  private readonly newContactId: () => string;

  constructor(options: InMemoryStoreOptions = {}) {
    this.db = options.db ?? new MemoryDatabase();
    this.interleave = options.interleave ?? runImmediately;
    this.newContactId = options.newContactId ?? randomUUID;
  }

  /** Awaits the scheduler, then runs `fn` as one transaction; refusals and defects become errors. */
  protected atomically<T, E>(label: string, fn: () => T): ResultAsync<T, E | StoreUnavailable> {
    return ResultAsync.fromSafePromise(this.interleave(label)).andThen(() => atomic<T, E>(this.db, fn));
  }

  book(command: BookCommand): ResultAsync<BookOutcome, BookError> {
    return this.atomically<BookOutcome, BookError>("book", () => {
      const { orgId, idempotencyKey } = command;
      const version = this.checkSettingsVersion(orgId, command.settingsVersion ?? null);
      const previous = idempotencyKey === null ? undefined : this.db.receipt(orgId, "book", idempotencyKey);
      if (previous?.kind === "book") return this.replayedBooking(orgId, previous.receipt);
      if (version === undefined) throw new Refused(DomainErrors.unknownOrg());
      const { contact, path } = this.applyContactResolution(orgId, command.contact);
      const appointment = this.placeOrSayBusy(orgId, command, (c) => ({
        id: command.appointmentId,
        orgId,
        contactId: contact.id,
        practitionerId: c.practitionerId,
        serviceId: command.serviceId,
        calendarId: c.calendarId,
        startsAt: command.startsAt,
        endsAt: command.endsAt,
        blocksFrom: command.blocksFrom,
        blocksUntil: command.blocksUntil,
        status: "booked",
        serviceType: command.serviceType,
        patientName: command.contact.name ?? contact.name,
        version: 1,
        calendarSync: "pending",
        calendarEventId: null,
        calendarEventCalendarId: null,
      }));
      const receipt: BookingReceipt = { appointment, contact: publicContact(contact), contactPath: path };
      if (idempotencyKey !== null) {
        const expiresAt = this.db.receiptExpiry(command.idempotencyWindowSeconds);
        this.db.putReceipt(orgId, idempotencyKey, { kind: "book", receipt, expiresAt });
      }
      this.db.enqueue({ orgId, appointmentId: appointment.id, version: appointment.version });
      return { receipt, replayed: false };
    });
  }

  /** Refuses (`SETTINGS_STALE`) a change judged with another settings version than the clinic's; answers the clinic's. */
  private checkSettingsVersion(orgId: OrgId, judgedWith: number | null): number | undefined {
    const version = this.db.settingsVersion(orgId);
    if (version !== undefined && judgedWith !== null && judgedWith !== version) {
      throw new Refused(DomainErrors.settingsStale(judgedWith));
    }
    return version;
  }

  /** A booking's recorded answer, with its appointment as it is now. */
  private replayedBooking(orgId: OrgId, receipt: BookingReceipt): BookOutcome {
    const current = this.db.appointment(orgId, receipt.appointment.id);
    return current === undefined ? { receipt, replayed: true } : { receipt, replayed: true, current };
  }

  /** `place` for a booking: a refusal comes with the busy intervals of the command's `busyWindow`. */
  private placeOrSayBusy(orgId: OrgId, command: BookCommand, draft: (c: Candidate) => Appointment): Appointment {
    try {
      return this.place(orgId, command, null, draft);
    } catch (e) {
      const asked = command.busyWindow ?? null;
      if (!(e instanceof Refused) || asked === null) throw e;
      const busy = this.busyOf(orgId, asked.practitionerIds, asked.window);
      throw new Refused({ ...DomainErrors.slotUnavailable(), busy });
    }
  }

  replay(orgId: OrgId, idempotencyKey: string): ResultAsync<BookingReceipt | null, StoreUnavailable> {
    return this.atomically("replay", () => {
      const found = this.db.receipt(orgId, "book", idempotencyKey);
      return found?.kind === "book" ? found.receipt : null;
    });
  }

  resolveContact(
    orgId: OrgId,
    details: ContactDetails,
  ): ResultAsync<{ contact: Contact; path: ContactPath }, StoreUnavailable> {
    return this.atomically("resolveContact", () => {
      const { contact, path } = this.applyContactResolution(orgId, details);
      return { contact: publicContact(contact), path };
    });
  }

  getContact(orgId: OrgId, contactId: string): ResultAsync<Contact | null, StoreUnavailable> {
    return this.atomically("getContact", () => {
      const found = this.db.contacts(orgId).find((c) => c.id === contactId);
      return found === undefined ? null : publicContact(found);
    });
  }

  reschedule(command: RescheduleCommand): ResultAsync<Appointment, ChangeError> {
    return this.atomically<Appointment, ChangeError>("reschedule", () =>
      this.move(this.mustFind(command.orgId, command.appointmentId), command),
    );
  }

  cancel(orgId: OrgId, appointmentId: string) {
    return this.atomically<Appointment, AppointmentNotFound>("cancel", () => {
      const current = this.mustFind(orgId, appointmentId);
      return current.status === "cancelled" ? current : this.markCancelled(current);
    });
  }

  getForCaller(orgId: OrgId, appointmentId: string, caller: CallerProof) {
    return this.atomically<Appointment, CallerNotVerified>("getForCaller", () =>
      this.mustBeCallers(orgId, appointmentId, caller),
    );
  }

  cancelForCaller(command: CallerChange): ResultAsync<ChangeOutcome, CallerNotVerified | StoreUnavailable> {
    return this.atomically<ChangeOutcome, CallerNotVerified>("cancelForCaller", () => {
      const previous = this.replayed(command.orgId, "cancel", command.idempotencyKey);
      if (previous !== null) return previous;
      const current = this.mustBeCallers(command.orgId, command.appointmentId, command.caller);
      if (current.status === "cancelled")
        return { appointment: current, current, replayed: false, alreadyCancelled: true };
      return this.recorded(command, "cancel", this.markCancelled(current));
    });
  }

  rescheduleForCaller(command: CallerReschedule): ResultAsync<ChangeOutcome, CallerRescheduleError> {
    return this.atomically<ChangeOutcome, CallerRescheduleError>("rescheduleForCaller", () => {
      this.checkSettingsVersion(command.orgId, command.settingsVersion ?? null);
      const previous = this.replayed(command.orgId, "reschedule", command.idempotencyKey);
      if (previous !== null) return previous;
      const current = this.mustBeCallers(command.orgId, command.appointmentId, command.caller);
      return this.recorded(command, "reschedule", this.move(current, command));
    });
  }

  replayChange(
    orgId: OrgId,
    kind: ChangeKind,
    idempotencyKey: string,
  ): ResultAsync<ChangeOutcome | null, StoreUnavailable> {
    return this.atomically<ChangeOutcome | null, never>("replayChange", () =>
      this.replayed(orgId, kind, idempotencyKey),
    );
  }

  getAppointment(orgId: OrgId, appointmentId: string) {
    return this.atomically<Appointment, AppointmentNotFound>("getAppointment", () =>
      this.mustFind(orgId, appointmentId),
    );
  }

  busyIntervals(
    orgId: OrgId,
    practitionerIds: readonly string[],
    window: Interval,
    settingsVersion: number | null = null,
  ): ResultAsync<PractitionerBusy, SettingsStale | StoreUnavailable> {
    return this.atomically<PractitionerBusy, SettingsStale>("busyIntervals", () => {
      this.checkSettingsVersion(orgId, settingsVersion);
      return this.busyOf(orgId, practitionerIds, window);
    });
  }

  private busyOf(orgId: OrgId, practitionerIds: readonly string[], window: Interval): PractitionerBusy {
    const live = this.db.allAppointments().filter((a) => a.orgId === orgId && a.status === "booked");
    const busy: Record<string, Interval[]> = {};
    for (const id of practitionerIds) {
      busy[id] = live
        .filter((a) => a.practitionerId === id)
        .map((a) => ({ start: a.blocksFrom, end: a.blocksUntil }))
        .filter((i) => overlaps(i, window))
        .sort((a, b) => a.start.getTime() - b.start.getTime());
    }
    return busy;
  }

  findUpcoming(orgId: OrgId, caller: CallerProof, from: Date): ResultAsync<Appointment[], StoreUnavailable> {
    return this.atomically("findUpcoming", () => {
      const ids = new Set(
        this.db
          .contacts(orgId)
          .filter((c) => isCallersContact(caller, c))
          .map((c) => c.id),
      );
      return this.db
        .allAppointments()
        .filter((a) => a.orgId === orgId && a.status === "booked" && a.contactId !== null && ids.has(a.contactId))
        .filter((a) => a.startsAt.getTime() >= from.getTime())
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    });
  }

  markCalendarSynced(orgId: OrgId, appointmentId: string, version: number, eventId: string, calendarId: string) {
    return this.atomically<Appointment, AppointmentNotFound>("markCalendarSynced", () => {
      const current = this.mustFind(orgId, appointmentId);
      if (current.version !== version) return current;
      const synced: Appointment = {
        ...current,
        calendarSync: "synced",
        calendarEventId: eventId,
        calendarEventCalendarId: calendarId,
      };
      this.db.putAppointment(synced);
      this.db.completeJobs(orgId, appointmentId, version);
      return synced;
    });
  }

  /** ContactResolution applied inside the caller's transaction. */
  protected applyContactResolution(
    orgId: OrgId,
    details: ContactDetails,
  ): { contact: StoredContact; path: ContactPath } {
    const plan = planContactResolution(this.db.contacts(orgId), details);
    if (plan.path === "created") {
      const contact: StoredContact = {
        id: this.newContactId(),
        orgId,
        phone: details.phone,
        email: details.email,
        name: details.name,
        updatedSeq: this.db.nextSeq(),
      };
      this.db.insertContact(contact);
      return { contact, path: "created" };
    }
    const contact: StoredContact = { ...plan.contact, ...plan.changes, updatedSeq: this.db.nextSeq() };
    this.db.updateContact(contact);
    return { contact, path: plan.path };
  }

  /** Moves a live appointment (inside the caller's transaction), enqueueing its sync. */
  private move(current: Appointment, to: Placement): Appointment {
    if (current.status === "cancelled") throw new Refused(DomainErrors.appointmentCancelled());
    const moved = this.place(current.orgId, to, current.id, (c) => ({
      ...current,
      practitionerId: c.practitionerId,
      serviceId: to.serviceId,
      calendarId: c.calendarId,
      startsAt: to.startsAt,
      endsAt: to.endsAt,
      blocksFrom: to.blocksFrom,
      blocksUntil: to.blocksUntil,
      version: current.version + 1,
      calendarSync: "pending",
    }));
    this.db.enqueue({ orgId: moved.orgId, appointmentId: moved.id, version: moved.version });
    return moved;
  }

  private markCancelled(current: Appointment): Appointment {
    const cancelled: Appointment = {
      ...current,
      status: "cancelled",
      version: current.version + 1,
      calendarSync: "pending",
    };
    this.db.putAppointment(cancelled);
    this.db.enqueue({ orgId: cancelled.orgId, appointmentId: cancelled.id, version: cancelled.version });
    return cancelled;
  }

  /** The answer recorded for a change's key, with the appointment as it is now; `null` when none. */
  private replayed(orgId: OrgId, kind: ChangeKind, key: string | null): ChangeOutcome | null {
    const found = key === null ? undefined : this.db.receipt(orgId, kind, key);
    if (found === undefined || found.kind === "book") return null;
    const current = this.db.appointment(orgId, found.appointment.id) ?? found.appointment;
    return { appointment: found.appointment, current, replayed: true, alreadyCancelled: false };
  }

  /** Records the change's key (when it has one) with the appointment it left; answers the change. */
  private recorded(command: CallerChange, kind: ChangeKind, appointment: Appointment): ChangeOutcome {
    if (command.idempotencyKey !== null) {
      const expiresAt = this.db.receiptExpiry(command.idempotencyWindowSeconds);
      this.db.putReceipt(command.orgId, command.idempotencyKey, { kind, appointment, expiresAt });
    }
    return { appointment, current: appointment, replayed: false, alreadyCancelled: false };
  }

  /** The appointment when its contact is the caller's; otherwise, or when there is none, `CALLER_NOT_VERIFIED`. */
  private mustBeCallers(orgId: OrgId, appointmentId: string, caller: CallerProof): Appointment {
    const found = this.db.appointment(orgId, appointmentId);
    const contact = this.db.contacts(orgId).find((c) => found !== undefined && c.id === found.contactId);
    if (found === undefined || contact === undefined || !isCallersContact(caller, contact)) {
      throw new Refused(DomainErrors.callerNotVerified("change"));
    }
    return found;
  }

  private mustFind(orgId: OrgId, appointmentId: string): Appointment {
    const found = this.db.appointment(orgId, appointmentId);
    if (found === undefined) throw new Refused(DomainErrors.appointmentNotFound());
    return found;
  }

  /**
   * Stores the appointment with the first candidate, in the `Placement` rule's order, whose live
   * appointments leave it free (the exclusion constraint decides); none: `SLOT_UNAVAILABLE`.
   */
  private place(orgId: OrgId, placement: Placement, self: string | null, draft: (c: Candidate) => Appointment) {
    for (const candidate of this.ranked(orgId, placement, self)) {
      const appointment = draft(candidate);
      try {
        this.db.putAppointment(appointment);
        return appointment;
      } catch (e) {
        if (!(e instanceof ConstraintViolation && e.constraint === "ex_appointments_practitioner_no_overlap")) throw e;
      }
    }
    throw new Refused(DomainErrors.slotUnavailable());
  }

  /** Fewest live appointments that day, then least recently booked, then the order given. */
  private ranked(orgId: OrgId, placement: Placement, self: string | null): Candidate[] {
    const live = this.db.allAppointments().filter((a) => a.orgId === orgId && a.status === "booked" && a.id !== self);
    const score = (c: Candidate) => {
      const mine = live.filter((a) => a.practitionerId === c.practitionerId);
      const day = mine.filter((a) => a.startsAt >= placement.dayStart && a.startsAt < placement.dayEnd).length;
      const last = Math.max(0, ...mine.map((a) => this.db.bookedSeq(a.id)));
      return { day, last };
    };
    return placement.candidates
      .map((c, index) => ({ c, index, ...score(c) }))
      .sort((x, y) => x.day - y.day || x.last - y.last || x.index - y.index)
      .map((x) => x.c);
  }
}

export function publicContact({ updatedSeq: _, ...contact }: StoredContact): Contact {
  return contact;
}
