/**
 * Concurrent bookings in a clinic with random staff, for the practitioners property suite: two
 * to four practitioners with random hours (some the clinic's, some mornings or afternoons only),
 * two services with random lengths, buffers and practitioners, and requests for random services
 * and times, with anyone or a named practitioner. `runStaffScenario` books them all at once
 * through the real use case while fast-check's scheduler picks the interleaving; `staffViolations`
 * lists what does not hold afterwards: no practitioner has overlapping live appointments (buffers
 * included); every acknowledged booking is stored with a practitioner who offers its service and
 * works then; no "anyone" request was refused while a qualified practitioner stayed free.
 */
import fc from "fast-check";
import {
  type Appointment,
  bookAppointment,
  type Clinic,
  type ClinicStaff,
  type DomainError,
  defaultClinicSettings,
  type OpeningHours,
  type OrgId,
  overlaps,
  type Practitioner,
  type Service,
  withinOpeningHours,
} from "../../src/index.ts";
import {
  InMemoryBookingStore,
  InMemoryClinicDirectory,
  ManualClock,
  MemoryDatabase,
  SequentialIds,
} from "../../src/testing/index.ts";

export const STAFF_CLINIC = "9e4c2b1a-7f6d-4e5c-8b3a-2d1c0f9e8d7c" as OrgId;
const NOW = "2026-11-23T08:00:00Z"; // Monday
const DAY = { year: 2026, month: 11, day: 25 }; // Wednesday (GMT)

const week = (open: string, close: string): OpeningHours => {
  const w = [{ open, close }];
  return { 1: w, 2: w, 3: w, 4: w, 5: w, 6: w, 7: w };
};
const HOURS = [null, week("09:00", "12:00"), week("12:00", "17:00")] as const;

export interface StaffRequest {
  readonly service: number;
  /** `null`: anyone; else the index of a practitioner (who may not offer the service). */
  readonly practitioner: number | null;
  /** Minutes after 09:00, a multiple of 15. */
  readonly start: number;
}

export interface StaffScenario {
  readonly hours: readonly number[];
  readonly services: readonly { duration: number; before: number; after: number; offeredBy: readonly number[] }[];
  readonly requests: readonly StaffRequest[];
}

export const staffScenarioArb: fc.Arbitrary<StaffScenario> = fc.integer({ min: 2, max: 4 }).chain((size) =>
  fc.record({
    hours: fc.array(fc.nat(HOURS.length - 1), { minLength: size, maxLength: size }),
    services: fc.array(
      fc.record({
        duration: fc.constantFrom(15, 30, 45, 60),
        before: fc.constantFrom(0, 0, 15),
        after: fc.constantFrom(0, 15),
        offeredBy: fc.uniqueArray(fc.nat(size - 1), { minLength: 1, maxLength: size }),
      }),
      { minLength: 2, maxLength: 2 },
    ),
    requests: fc.array(
      fc.record({
        service: fc.nat(1),
        practitioner: fc.option(fc.nat(size - 1), { freq: 2 }),
        start: fc.nat(11).map((n) => n * 15),
      }),
      { minLength: 1, maxLength: 10 },
    ),
  }),
);

export function staffClinic(scenario: StaffScenario): Clinic {
  const settings = {
    ...defaultClinicSettings(STAFF_CLINIC),
    openingHours: week("09:00", "17:00"),
    minNoticeMinutes: 0,
    slotMinutes: 15,
  };
  const practitioners: Practitioner[] = scenario.hours.map((h, i) => ({
    id: `p${i}`,
    orgId: STAFF_CLINIC,
    name: `Practitioner ${String.fromCharCode(65 + i)}`,
    active: true,
    calendarId: null,
    openingHours: HOURS[h] ?? null,
  }));
  const services: Service[] = scenario.services.map((s, i) => ({
    id: `s${i}`,
    orgId: STAFF_CLINIC,
    name: `service ${i}`,
    synonyms: [],
    durationMinutes: s.duration,
    bufferBeforeMinutes: s.before,
    bufferAfterMinutes: s.after,
    minNoticeMinutes: null,
    practitionerIds: s.offeredBy.map((p) => `p${p}`),
    active: true,
  }));
  const staff: ClinicStaff = {
    practitioners,
    services,
    policy: { defaultServiceId: "s0", allowDurationOverride: false, unknownServiceFallsBackToDefault: false },
  };
  return { ...settings, staff };
}

type Outcome = { ok: true; appointment: Appointment } | { ok: false; error: DomainError };

export async function runStaffScenario(scenario: StaffScenario, s: fc.Scheduler): Promise<string[]> {
  const db = new MemoryDatabase();
  const clinic = staffClinic(scenario);
  const clinics = new InMemoryClinicDirectory(db).add(clinic);
  const store = new InMemoryBookingStore({ db, interleave: (label) => s.schedule(Promise.resolve(), label) });
  const deps = { store, clinics, clock: new ManualClock(NOW), ids: new SequentialIds() };
  const pending = scenario.requests.map((r, i) =>
    bookAppointment(deps, {
      orgId: STAFF_CLINIC,
      date: "2026-11-25",
      time: wall(9 * 60 + r.start),
      service: `service ${r.service}`,
      practitioner: r.practitioner === null ? "anyone" : `Practitioner ${String.fromCharCode(65 + r.practitioner)}`,
      patient: { phone: `+44770090050${i}`, email: null, name: null },
    }).match<Outcome>(
      (v) => ({ ok: true, appointment: v.appointment }),
      (error) => ({ ok: false, error }),
    ),
  );
  const outcomes = await s.waitFor(Promise.all(pending));
  return staffViolations(clinic, scenario, db.allAppointments(), outcomes);
}

export function staffViolations(
  clinic: Clinic,
  scenario: StaffScenario,
  appointments: readonly Appointment[],
  outcomes: readonly Outcome[],
): string[] {
  const found: string[] = [];
  const live = appointments.filter((a) => a.status === "booked");
  const blocking = (a: Appointment) => ({ start: a.blocksFrom, end: a.blocksUntil });
  live.forEach((a, i) => {
    for (const b of live.slice(i + 1)) {
      if (a.practitionerId === b.practitionerId && overlaps(blocking(a), blocking(b))) {
        found.push(`A1: ${a.id} and ${b.id} overlap for ${a.practitionerId}`);
      }
    }
  });
  outcomes.forEach((o, i) => {
    const r = scenario.requests[i] as StaffRequest;
    const service = clinic.staff.services[r.service] as Service;
    if (o.ok) {
      const stored = live.find((a) => a.id === o.appointment.id);
      const p = clinic.staff.practitioners.find((x) => x.id === stored?.practitionerId);
      if (stored === undefined || p === undefined) return void found.push(`request ${i}: acknowledged but not stored`);
      if (!service.practitionerIds.includes(p.id)) found.push(`request ${i}: ${p.id} does not offer ${service.id}`);
      if (!worksThen(clinic, p, stored)) found.push(`request ${i}: ${p.id} does not work then`);
      if (r.practitioner !== null && p.id !== `p${r.practitioner}`) found.push(`request ${i}: not the one named`);
      return;
    }
    if (r.practitioner === null && o.error.code === "SLOT_UNAVAILABLE") {
      const free = freeQualified(clinic, service, live, 9 * 60 + r.start);
      if (free.length > 0) found.push(`request ${i}: anyone refused while ${free.join(", ")} stayed free`);
    }
    if (!["SLOT_UNAVAILABLE", "PRACTITIONER_UNAVAILABLE", "UNKNOWN_PRACTITIONER"].includes(o.error.code)) {
      found.push(`request ${i}: unexpected ${o.error.code}`);
    }
  });
  return found;
}

function worksThen(clinic: Clinic, p: Practitioner, a: Appointment): boolean {
  return withinOpeningHours({ ...clinic, openingHours: p.openingHours ?? clinic.openingHours }, DAY, {
    start: a.startsAt,
    end: a.endsAt,
  });
}

/** Qualified practitioners who work the request's whole slot and whose live appointments leave it free. */
function freeQualified(clinic: Clinic, service: Service, live: readonly Appointment[], minutes: number): string[] {
  const start = new Date(Date.UTC(2026, 10, 25, 0, minutes));
  const end = new Date(start.getTime() + service.durationMinutes * 60_000);
  const wanted = {
    start: new Date(start.getTime() - service.bufferBeforeMinutes * 60_000),
    end: new Date(end.getTime() + (service.bufferAfterMinutes ?? 0) * 60_000),
  };
  return clinic.staff.practitioners
    .filter((p) => service.practitionerIds.includes(p.id))
    .filter((p) =>
      withinOpeningHours({ ...clinic, openingHours: p.openingHours ?? clinic.openingHours }, DAY, { start, end }),
    )
    .filter(
      (p) =>
        !live.some((a) => a.practitionerId === p.id && overlaps(wanted, { start: a.blocksFrom, end: a.blocksUntil })),
    )
    .map((p) => p.id);
}

function wall(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
