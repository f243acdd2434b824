/**
 * @module testing/memory-database
 * The tables of the in-memory twins, with the same constraints as the Postgres schema:
 * `uq_contacts_org_phone` (one contact per phone), one phone-less contact per email, the
 * exclusion constraint on live appointments of a practitioner (buffers included), one live answer per retry key and
 * kind (`booking_receipts`: an expired one may be replaced), one clinic per Vapi assistant /
 * phone-number id; and `calendar_sync_jobs_only_where_linked`: the outbox takes jobs only for
 * clinics with a calendar link (`linkCalendar`). A violated constraint throws, like a database
 * error would; `transaction` rolls back on throw. `now()` is the database's clock (Postgres's
 * `now()`): new outbox jobs are due at it, and the outbox leases and backs off from it.
 */
import type { Appointment, BookingReceipt } from "../appointments/appointment.ts";
import { type Clinic, type ClinicStaff, withDefaultStaff } from "../clinic/clinic.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { type Interval, overlaps } from "../clinic/opening-hours.ts";
import type { StoredContact } from "../contacts/contact-resolution.ts";
import type { ChangeKind } from "../ports/booking-store.port.ts";
import type { VapiLinks } from "../ports/clinic-directory.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { TEXT_LIMITS } from "../values/text-limits.ts";
import { emptyNotificationTables, type NotificationTables, notifyAppointmentWritten } from "./notification-tables.ts";

export class ConstraintViolation extends Error {
  readonly constraint: string;
  constructor(constraint: string) {
    super(`constraint violated: ${constraint}`);
    this.constraint = constraint;
  }
}

/** What a change enqueues: the appointment version the calendar must come to reflect. */
export interface QueuedSync {
  readonly orgId: OrgId;
  readonly appointmentId: string;
  readonly version: number;
}

/** A row of the outbox table (`calendar_sync_jobs`). */
export interface OutboxRow extends QueuedSync {
  readonly id: number;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  /** Leased to a worker until then; free again once it has passed. */
  readonly lockedUntil: Date | null;
  /** Parked (never claimed) since then, until requeued. */
  readonly parkedAt: Date | null;
  readonly lastError: string | null;
}

/** A retry key's recorded answer (A2): a booking's receipt, or the appointment a change left. */
export type RetryReceipt =
  | { readonly kind: "book"; readonly receipt: BookingReceipt; readonly expiresAt: Date | null }
  | { readonly kind: ChangeKind; readonly appointment: Appointment; readonly expiresAt: Date | null };

/** Which Vapi mapping table: `vapi_assistants` or `vapi_phone_numbers`. */
export type VapiKind = keyof VapiLinks;

const VAPI_PRIMARY_KEYS: Readonly<Record<VapiKind, string>> = {
  assistantIds: "vapi_assistants_pkey",
  phoneNumberIds: "vapi_phone_numbers_pkey",
};

interface Tables {
  clinics: Map<OrgId, ClinicSettings>;
  staff: Map<OrgId, ClinicStaff>;
  /** `organizations.settings_version`: bumped by every change to a clinic's settings, staff or Vapi ids. */
  settingsVersions: Map<OrgId, number>;
  /** When each appointment was booked (a sequence): "least recently booked". */
  bookedSeq: Map<string, number>;
  vapi: Record<VapiKind, Map<string, OrgId>>;
  contacts: StoredContact[];
  appointments: Map<string, Appointment>;
  receipts: Map<string, RetryReceipt>;
  outbox: OutboxRow[];
  /** Clinics with a calendar link (`tenant_integrations`, any status). */
  calendarLinks: Set<OrgId>;
  notifications: NotificationTables;
  seq: number;
  jobSeq: number;
}

const emptyTables = (): Tables => ({
  clinics: new Map(),
  staff: new Map(),
  settingsVersions: new Map(),
  bookedSeq: new Map(),
  vapi: { assistantIds: new Map(), phoneNumberIds: new Map() },
  contacts: [],
  appointments: new Map(),
  receipts: new Map(),
  outbox: [],
  calendarLinks: new Set(),
  notifications: emptyNotificationTables(),
  seq: 0,
  jobSeq: 0,
});

/** Rows are immutable, so copying the collections is a full snapshot. */
const snapshot = (t: Tables): Tables => ({
  clinics: new Map(t.clinics),
  staff: new Map(t.staff),
  settingsVersions: new Map(t.settingsVersions),
  bookedSeq: new Map(t.bookedSeq),
  vapi: { assistantIds: new Map(t.vapi.assistantIds), phoneNumberIds: new Map(t.vapi.phoneNumberIds) },
  contacts: [...t.contacts],
  appointments: new Map(t.appointments),
  receipts: new Map(t.receipts),
  outbox: [...t.outbox],
  calendarLinks: new Set(t.calendarLinks),
  notifications: t.notifications,
  seq: t.seq,
  jobSeq: t.jobSeq,
});

export interface MemoryDatabaseOptions {
  /** The database's clock; a test steps it with e.g. `() => manualClock.nowSync()`. */
  readonly now?: () => Date;
}

export class MemoryDatabase {
  private t: Tables = emptyTables();
  private readonly clock: () => Date;

  constructor(options: MemoryDatabaseOptions = {}) {
    this.clock = options.now ?? (() => new Date());
  }

  /** Runs `fn` all or nothing: any throw restores the tables as they were. */
  transaction<T>(fn: () => T): T {
    const before = snapshot(this.t);
    try {
      return fn();
    } catch (e) {
      this.t = before;
      throw e;
    }
  }

  now(): Date {
    return new Date(this.clock());
  }

  nextSeq(): number {
    this.t.seq += 1;
    return this.t.seq;
  }

  clinic(orgId: OrgId): ClinicSettings | undefined {
    return this.t.clinics.get(orgId);
  }

  allClinics(): ClinicSettings[] {
    return [...this.t.clinics.values()];
  }

  /**
   * Inserts or replaces a clinic's settings (its Vapi ids stay). A `Clinic` brings its staff; a
   * new clinic without one gets the default staff (like `save_clinic`'s create).
   */
  putClinic(settings: ClinicSettings | Clinic): void {
    const { staff, settingsVersion: _, ...plain } = { staff: undefined, settingsVersion: undefined, ...settings };
    this.t.clinics.set(settings.orgId, plain);
    this.bumpSettings(settings.orgId);
    if (staff !== undefined) this.t.staff.set(settings.orgId, staff);
    else if (!this.t.staff.has(settings.orgId)) this.t.staff.set(settings.orgId, withDefaultStaff(plain).staff);
  }

  /** The clinic's settings with its staff. */
  fullClinic(orgId: OrgId): Clinic | undefined {
    const settings = this.t.clinics.get(orgId);
    const staff = this.t.staff.get(orgId);
    if (settings === undefined || staff === undefined) return undefined;
    return { ...settings, staff, settingsVersion: this.settingsVersion(orgId) ?? 1 };
  }

  /** The clinic's settings version (`undefined`: no such clinic). */
  settingsVersion(orgId: OrgId): number | undefined {
    return this.t.clinics.has(orgId) ? (this.t.settingsVersions.get(orgId) ?? 1) : undefined;
  }

  /** What the SQL triggers do on every change to what a booking reads of the clinic. */
  private bumpSettings(orgId: OrgId): void {
    const current = this.t.settingsVersions.get(orgId);
    this.t.settingsVersions.set(orgId, current === undefined ? 1 : current + 1);
  }

  staff(orgId: OrgId): ClinicStaff | undefined {
    return this.t.staff.get(orgId);
  }

  putStaff(orgId: OrgId, staff: ClinicStaff): void {
    this.t.staff.set(orgId, staff);
    this.bumpSettings(orgId);
  }

  /** When the appointment was booked, in booking order (0: unknown). */
  bookedSeq(appointmentId: string): number {
    return this.t.bookedSeq.get(appointmentId) ?? 0;
  }

  /** The clinic a Vapi id is mapped to. */
  vapiOwner(kind: VapiKind, id: string): OrgId | undefined {
    return this.t.vapi[kind].get(id);
  }

  /** The clinic's Vapi ids of one kind, sorted. */
  vapiIds(orgId: OrgId, kind: VapiKind): string[] {
    return [...this.t.vapi[kind]].flatMap(([id, owner]) => (owner === orgId ? [id] : [])).sort();
  }

  /** Replaces the clinic's Vapi ids of one kind; an id of another clinic violates the primary key. */
  replaceVapiIds(orgId: OrgId, kind: VapiKind, ids: readonly string[]): void {
    const table = this.t.vapi[kind];
    this.bumpSettings(orgId);
    for (const id of this.vapiIds(orgId, kind)) table.delete(id);
    for (const id of new Set(ids)) {
      if (table.has(id)) throw new ConstraintViolation(VAPI_PRIMARY_KEYS[kind]);
      table.set(id, orgId);
    }
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
    if (tooLong(c.name, TEXT_LIMITS.name)) throw new ConstraintViolation("ck_contacts_name_length");
    if (tooLong(c.email, TEXT_LIMITS.email)) throw new ConstraintViolation("ck_contacts_email_length");
  }

  appointment(orgId: OrgId, id: string): Appointment | undefined {
    const a = this.t.appointments.get(id);
    return a?.orgId === orgId ? a : undefined;
  }

  allAppointments(): Appointment[] {
    return [...this.t.appointments.values()];
  }

  /** Inserts or replaces an appointment, enforcing the exclusion and length constraints. */
  putAppointment(a: Appointment): void {
    if (tooLong(a.patientName, TEXT_LIMITS.name)) throw new ConstraintViolation("ck_appointments_patient_name_length");
    if (tooLong(a.serviceType, TEXT_LIMITS.serviceType)) {
      throw new ConstraintViolation("ck_appointments_service_type_length");
    }
    if (a.status === "booked") {
      const mine: Interval = { start: a.blocksFrom, end: a.blocksUntil };
      const clash = this.allAppointments().some(
        (x) =>
          x.id !== a.id &&
          x.orgId === a.orgId &&
          x.practitionerId === a.practitionerId &&
          x.status === "booked" &&
          overlaps(mine, { start: x.blocksFrom, end: x.blocksUntil }),
      );
      if (clash) throw new ConstraintViolation("ex_appointments_practitioner_no_overlap");
    }
    if (!this.t.appointments.has(a.id)) this.t.bookedSeq.set(a.id, this.nextSeq());
    const before = this.t.appointments.get(a.id);
    this.t.appointments.set(a.id, a);
    notifyAppointmentWritten(this, before, a);
  }

  /** The notification tables (immutable: `setNotifications` replaces them, so a rollback restores them). */
  notifications(): NotificationTables {
    return this.t.notifications;
  }

  setNotifications(tables: NotificationTables): void {
    this.t.notifications = tables;
  }

  /** The receipt of a retry key and kind, while it is honoured (`expiresAt` null or still ahead). */
  receipt(orgId: OrgId, kind: RetryReceipt["kind"], key: string): RetryReceipt | undefined {
    const found = this.t.receipts.get(receiptKey(orgId, kind, key));
    return found !== undefined && this.honoured(found) ? found : undefined;
  }

  allReceipts(): ReadonlyMap<string, RetryReceipt> {
    return this.t.receipts;
  }

  /** Records a receipt; a key still honoured violates the primary key, an expired one is replaced. */
  putReceipt(orgId: OrgId, key: string, receipt: RetryReceipt): void {
    const k = receiptKey(orgId, receipt.kind, key);
    const existing = this.t.receipts.get(k);
    if (existing !== undefined && this.honoured(existing)) throw new ConstraintViolation("booking_receipts_pkey");
    this.t.receipts.set(k, receipt);
  }

  /** When a receipt recorded now for `windowSeconds` stops being honoured (`null`: never). */
  receiptExpiry(windowSeconds: number | null | undefined): Date | null {
    return windowSeconds === null || windowSeconds === undefined
      ? null
      : new Date(this.now().getTime() + windowSeconds * 1000);
  }

  private honoured(receipt: RetryReceipt): boolean {
    return receipt.expiresAt === null || receipt.expiresAt.getTime() > this.now().getTime();
  }

  /** The clinic now has a calendar link (what saving a `tenant_integrations` row means to the outbox). */
  linkCalendar(orgId: OrgId): void {
    this.t.calendarLinks.add(orgId);
  }

  hasCalendarLink(orgId: OrgId): boolean {
    return this.t.calendarLinks.has(orgId);
  }

  /**
   * Adds an outbox job, due now, never attempted; skipped (`null`) when the clinic has no calendar
   * link, as the SQL trigger skips it.
   */
  enqueue(job: QueuedSync): OutboxRow | null {
    if (!this.t.calendarLinks.has(job.orgId)) return null;
    this.t.jobSeq += 1;
    const row: OutboxRow = {
      id: this.t.jobSeq,
      orgId: job.orgId,
      appointmentId: job.appointmentId,
      version: job.version,
      attempts: 0,
      nextAttemptAt: this.now(),
      lockedUntil: null,
      parkedAt: null,
      lastError: null,
    };
    this.t.outbox.push(row);
    return row;
  }

  /** Drops the appointment's jobs up to `upToVersion`: the calendar reflects them. */
  completeJobs(orgId: OrgId, appointmentId: string, upToVersion: number): void {
    this.t.outbox = this.t.outbox.filter(
      (j) => !(j.orgId === orgId && j.appointmentId === appointmentId && j.version <= upToVersion),
    );
  }

  /** What is queued, without the worker's bookkeeping. */
  jobs(): QueuedSync[] {
    return this.t.outbox.map(({ orgId, appointmentId, version }) => ({ orgId, appointmentId, version }));
  }

  /** The outbox rows, in insertion (id) order. */
  outbox(): readonly OutboxRow[] {
    return this.t.outbox;
  }

  outboxRow(id: number): OutboxRow | undefined {
    return this.t.outbox.find((j) => j.id === id);
  }

  updateOutboxRow(row: OutboxRow): void {
    this.t.outbox = this.t.outbox.map((j) => (j.id === row.id ? row : j));
  }

  deleteOutboxRow(id: number): boolean {
    const before = this.t.outbox.length;
    this.t.outbox = this.t.outbox.filter((j) => j.id !== id);
    return this.t.outbox.length < before;
  }
}

const receiptKey = (orgId: OrgId, kind: string, key: string) => `${orgId}\u0000${kind}\u0000${key}`;

/** Longer than `limit` code points (Postgres's `char_length`). */
const tooLong = (s: string | null, limit: number) => s !== null && [...s].length > limit;
