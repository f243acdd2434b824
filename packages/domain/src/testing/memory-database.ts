/**
 * @module testing/memory-database
 * The tables of the in-memory store, with the same constraints as the Postgres schema:
 * `uq_contacts_org_phone` (one contact per phone), one phone-less contact per email, the
 * exclusion constraint on live appointments of a calendar, one answer per idempotency key.
 * A violated constraint throws, like a database error would; `transaction` rolls back on throw.
 */
import type { Appointment, BookingReceipt } from "../appointments/appointment.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { type Interval, overlaps } from "../clinic/opening-hours.ts";
import type { StoredContact } from "../contacts/contact-resolution.ts";
import type { OrgId } from "../values/org-id.ts";

export class ConstraintViolation extends Error {
  readonly constraint: string;
  constructor(constraint: string) {
    super(`constraint violated: ${constraint}`);
    this.constraint = constraint;
  }
}

export interface SyncJob {
  readonly orgId: OrgId;
  readonly appointmentId: string;
  readonly version: number;
}

interface Tables {
  contacts: StoredContact[];
  appointments: Map<string, Appointment>;
  receipts: Map<string, BookingReceipt>;
  jobs: SyncJob[];
  seq: number;
}

export class MemoryDatabase {
  readonly clinics = new Map<OrgId, ClinicSettings>();
  private t: Tables = { contacts: [], appointments: new Map(), receipts: new Map(), jobs: [], seq: 0 };

  /** Runs `fn` all or nothing: any throw restores the tables as they were. */
  transaction<T>(fn: () => T): T {
    const before: Tables = {
      contacts: [...this.t.contacts],
      appointments: new Map(this.t.appointments),
      receipts: new Map(this.t.receipts),
      jobs: [...this.t.jobs],
      seq: this.t.seq,
    };
    try {
      return fn();
    } catch (e) {
      this.t = before;
      throw e;
    }
  }

  nextSeq(): number {
    this.t.seq += 1;
    return this.t.seq;
  }

  contacts(orgId: OrgId): StoredContact[] {
    return this.t.contacts.filter((c) => c.orgId === orgId);
  }

  allContacts(): readonly StoredContact[] {
    return this.t.contacts;
  }

  insertContact(c: StoredContact): void {
    this.checkContact(c);
    this.t.contacts.push(c);
  }

  updateContact(c: StoredContact): void {
    this.checkContact(c);
    this.t.contacts = this.t.contacts.map((x) => (x.id === c.id ? c : x));
  }

  private checkContact(c: StoredContact): void {
    const others = this.t.contacts.filter((x) => x.orgId === c.orgId && x.id !== c.id);
    if (c.phone !== null && others.some((x) => x.phone === c.phone))
      throw new ConstraintViolation("uq_contacts_org_phone");
    if (c.phone === null && others.some((x) => x.phone === null && x.email === c.email)) {
      throw new ConstraintViolation("uq_contacts_org_email_phoneless");
    }
  }

  appointment(orgId: OrgId, id: string): Appointment | undefined {
    const a = this.t.appointments.get(id);
    return a?.orgId === orgId ? a : undefined;
  }

  allAppointments(): Appointment[] {
    return [...this.t.appointments.values()];
  }

  /** Inserts or replaces an appointment, enforcing the exclusion constraint. */
  putAppointment(a: Appointment): void {
    if (a.status === "booked") {
      const mine: Interval = { start: a.startsAt, end: a.blocksUntil };
      const clash = this.allAppointments().some(
        (x) =>
          x.id !== a.id &&
          x.orgId === a.orgId &&
          x.calendarId === a.calendarId &&
          x.status === "booked" &&
          overlaps(mine, { start: x.startsAt, end: x.blocksUntil }),
      );
      if (clash) throw new ConstraintViolation("ex_appointments_no_overlap");
    }
    this.t.appointments.set(a.id, a);
  }

  receipt(orgId: OrgId, key: string): BookingReceipt | undefined {
    return this.t.receipts.get(`${orgId}\u0000${key}`);
  }

  allReceipts(): ReadonlyMap<string, BookingReceipt> {
    return this.t.receipts;
  }

  insertReceipt(orgId: OrgId, key: string, receipt: BookingReceipt): void {
    const k = `${orgId}\u0000${key}`;
    if (this.t.receipts.has(k)) throw new ConstraintViolation("uq_idempotency_org_key");
    this.t.receipts.set(k, receipt);
  }

  enqueue(job: SyncJob): void {
    this.t.jobs.push(job);
  }

  completeJobs(orgId: OrgId, appointmentId: string, upToVersion: number): void {
    this.t.jobs = this.t.jobs.filter(
      (j) => !(j.orgId === orgId && j.appointmentId === appointmentId && j.version <= upToVersion),
    );
  }

  jobs(): readonly SyncJob[] {
    return this.t.jobs;
  }
}
