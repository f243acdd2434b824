/** A clinic, its in-memory store and calendar, a manual clock and predictable ids, for use-case tests. */
import { type BookingDeps, type ClinicSettings, defaultClinicSettings, type OrgId } from "../../src/index.ts";
import {
  InMemoryBookingStore,
  InMemoryCalendarGateway,
  InMemoryClinicDirectory,
  ManualClock,
  MemoryDatabase,
  SequentialIds,
} from "../../src/testing/index.ts";

export const DEMO = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
export const OTHER = "0b7c9a52-3d7e-4e0a-9c55-6a1f1b2f3c4d" as OrgId;

export interface WorldOptions {
  readonly now?: string;
  readonly clinic?: Partial<ClinicSettings>;
  readonly calendar?: boolean;
  /** The database's clock is the manual clock (for retry windows), not the wall clock. */
  readonly databaseClock?: boolean;
}

export function bookingWorld(options: WorldOptions = {}) {
  const clock = new ManualClock(options.now ?? "2026-11-21T10:00:00Z");
  const db = new MemoryDatabase(options.databaseClock === true ? { now: () => clock.nowSync() } : {});
  const clinics = new InMemoryClinicDirectory(db)
    .add({ ...defaultClinicSettings(DEMO), ...options.clinic })
    .add(defaultClinicSettings(OTHER, "Other Clinic"));
  const store = new InMemoryBookingStore({ db });
  const calendar = new InMemoryCalendarGateway().link(DEMO);
  // The demo clinic's calendar is linked (its jobs go to the outbox) unless the world has no calendar.
  if (options.calendar !== false) db.linkCalendar(DEMO);
  const deps: BookingDeps = {
    store,
    clinics,
    clock,
    ids: new SequentialIds(),
    ...(options.calendar === false ? {} : { calendar }),
  };
  return { db, store, clock, calendar, deps };
}

export const amira = { name: "Amira Khan", phone: "07700 900123", email: "Amira.Khan@Example.com" };
