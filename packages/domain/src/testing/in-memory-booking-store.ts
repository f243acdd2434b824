/**
 * @module testing/in-memory-booking-store
 * The booking store in memory, for tests and the property suite. Each operation awaits the
 * interleave hook once, then runs as one synchronous transaction over `MemoryDatabase`: atomic,
 * like the SQL functions, so the invariants hold whatever order the scheduler picks. Every change
 * enqueues its outbox job (due now) in the same transaction.
 */
import { randomUUID } from "node:crypto";
import { ResultAsync } from "neverthrow";
import type { Appointment, BookingReceipt } from "../appointments/appointment.ts";
import { type Interval, overlaps } from "../clinic/opening-hours.ts";
import type { Contact, ContactDetails, ContactPath } from "../contacts/contact.ts";
import { planContactResolution, type StoredContact } from "../contacts/contact-resolution.ts";
import { type AppointmentNotFound, DomainErrors, type StoreUnavailable } from "../errors/domain-error.ts";
import type {
  BookCommand,
  BookError,
  BookingStore,
  BookOutcome,
  ChangeError,
  ContactLookup,
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
      const previous = idempotencyKey === null ? undefined : this.db.receipt(orgId, idempotencyKey);
      if (previous !== undefined) return { receipt: previous, replayed: true };
      if (this.db.clinic(orgId) === undefined) throw new Refused(DomainErrors.unknownOrg());
      const { contact, path } = this.applyContactResolution(orgId, command.contact);
      const appointment: Appointment = {
        id: command.appointmentId,
        orgId,
        contactId: contact.id,
        calendarId: command.calendarId,
        startsAt: command.startsAt,
        endsAt: command.endsAt,
        blocksUntil: command.blocksUntil,
        status: "booked",
        serviceType: command.serviceType,
        patientName: command.contact.name ?? contact.name,
        version: 1,
        calendarSync: "pending",
        calendarEventId: null,
      };
      this.putOrRefuse(appointment);
      const receipt: BookingReceipt = { appointment, contact: publicContact(contact), contactPath: path };
      if (idempotencyKey !== null) this.db.insertReceipt(orgId, idempotencyKey, receipt);
      this.db.enqueue({ orgId, appointmentId: appointment.id, version: appointment.version });
      return { receipt, replayed: false };
    });
  }

  replay(orgId: OrgId, idempotencyKey: string): ResultAsync<BookingReceipt | null, StoreUnavailable> {
    return this.atomically("replay", () => this.db.receipt(orgId, idempotencyKey) ?? null);
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
    return this.atomically<Appointment, ChangeError>("reschedule", () => {
      const current = this.mustFind(command.orgId, command.appointmentId);
      if (current.status === "cancelled") throw new Refused(DomainErrors.appointmentCancelled());
      const moved: Appointment = {
        ...current,
        startsAt: command.startsAt,
        endsAt: command.endsAt,
        blocksUntil: command.blocksUntil,
        version: current.version + 1,
        calendarSync: "pending",
      };
      this.putOrRefuse(moved);
      this.db.enqueue({ orgId: moved.orgId, appointmentId: moved.id, version: moved.version });
      return moved;
    });
  }

  cancel(orgId: OrgId, appointmentId: string) {
    return this.atomically<Appointment, AppointmentNotFound>("cancel", () => {
      const current = this.mustFind(orgId, appointmentId);
      if (current.status === "cancelled") return current;
      const cancelled: Appointment = {
        ...current,
        status: "cancelled",
        version: current.version + 1,
        calendarSync: "pending",
      };
      this.db.putAppointment(cancelled);
      this.db.enqueue({ orgId, appointmentId, version: cancelled.version });
      return cancelled;
    });
  }

  getAppointment(orgId: OrgId, appointmentId: string) {
    return this.atomically<Appointment, AppointmentNotFound>("getAppointment", () =>
      this.mustFind(orgId, appointmentId),
    );
  }

  busyIntervals(orgId: OrgId, calendarId: string, window: Interval): ResultAsync<Interval[], StoreUnavailable> {
    return this.atomically("busyIntervals", () =>
      this.db
        .allAppointments()
        .filter((a) => a.orgId === orgId && a.calendarId === calendarId && a.status === "booked")
        .map((a) => ({ start: a.startsAt, end: a.blocksUntil }))
        .filter((i) => overlaps(i, window))
        .sort((a, b) => a.start.getTime() - b.start.getTime()),
    );
  }

  findUpcoming(orgId: OrgId, who: ContactLookup, from: Date): ResultAsync<Appointment[], StoreUnavailable> {
    return this.atomically("findUpcoming", () => {
      const ids = new Set(
        this.db
          .contacts(orgId)
          .filter((c) => (who.phone !== null && c.phone === who.phone) || (who.email !== null && c.email === who.email))
          .map((c) => c.id),
      );
      return this.db
        .allAppointments()
        .filter((a) => a.orgId === orgId && a.status === "booked" && a.contactId !== null && ids.has(a.contactId))
        .filter((a) => a.startsAt.getTime() >= from.getTime())
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    });
  }

  markCalendarSynced(orgId: OrgId, appointmentId: string, version: number, eventId: string) {
    return this.atomically<Appointment, AppointmentNotFound>("markCalendarSynced", () => {
      const current = this.mustFind(orgId, appointmentId);
      if (current.version !== version) return current;
      const synced: Appointment = { ...current, calendarSync: "synced", calendarEventId: eventId };
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

  private mustFind(orgId: OrgId, appointmentId: string): Appointment {
    const found = this.db.appointment(orgId, appointmentId);
    if (found === undefined) throw new Refused(DomainErrors.appointmentNotFound());
    return found;
  }

  private putOrRefuse(appointment: Appointment): void {
    try {
      this.db.putAppointment(appointment);
    } catch (e) {
      if (e instanceof ConstraintViolation && e.constraint === "ex_appointments_no_overlap") {
        throw new Refused(DomainErrors.slotUnavailable());
      }
      throw e;
    }
  }
}

export function publicContact({ updatedSeq: _, ...contact }: StoredContact): Contact {
  return contact;
}
