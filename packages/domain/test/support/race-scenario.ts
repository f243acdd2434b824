/**
 * Concurrent booking scenarios for the property suite: callers with the same and different
 * phones (in several spoken formats), emails with case and space variants, phone-only,
 * email-only and neither, overlapping and adjacent slots, two clinics, and retries that reuse an
 * earlier call's idempotency key. `runScenario` books them all at once through the real use case
 * while fast-check's scheduler picks the interleaving, then `violations` lists every invariant
 * (C1–C5, A1–A2, durability of acknowledged bookings, coded refusals) that does not hold.
 * `personRaceArb` generates exactly C5's race: each person's first bookings, one with phone +
 * email and one with the email only, at once.
 */
import fc from "fast-check";
import {
  type BookingConfirmation,
  type BookingStore,
  type ClinicSettings,
  type DomainError,
  defaultClinicSettings,
  ERROR_CODES,
  type OrgId,
  overlaps,
  parseEmail,
  parsePhoneNumber,
} from "../../src/index.ts";
import {
  InMemoryClinicDirectory,
  type Interleave,
  ManualClock,
  MemoryDatabase,
  SequentialIds,
} from "../../src/testing/index.ts";
import { bookAppointment } from "../../src/use-cases/book-appointment.ts";

export const CLINIC_A = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
export const CLINIC_B = "7d1c7c1e-6f7b-4a55-9f43-2b8f0c1d9a10" as OrgId;
export const NOW = "2026-11-23T08:00:00Z";
export const DAY = "2026-11-25";

const everyDay = { open: "08:00", close: "18:00" };
export function raceClinic(orgId: OrgId, bufferMinutes: number): ClinicSettings {
  return {
    ...defaultClinicSettings(orgId),
    openingHours: {
      1: [everyDay],
      2: [everyDay],
      3: [everyDay],
      4: [everyDay],
      5: [everyDay],
      6: [everyDay],
      7: [everyDay],
    },
    slotMinutes: 15,
    bufferMinutes,
    minNoticeMinutes: 0,
  };
}

const PHONES = ["7700900121", "7700900122", "7700900123"] as const;
const phoneFormats = [
  (n: string) => `0${n.slice(0, 4)} ${n.slice(4)}`,
  (n: string) => `+44 ${n.slice(0, 4)} ${n.slice(4)}`,
  (n: string) => `0044${n}`,
  (n: string) => `+44${n}`,
];
const EMAILS = ["amira.khan@example.com", "ben.ode@example.org", "cy@example.net"] as const;
const emailFormats = [
  (e: string) => e,
  (e: string) => e.toUpperCase(),
  (e: string) => `  ${e[0]?.toUpperCase()}${e.slice(1)} `,
];

export interface BookingRequest {
  readonly orgId: OrgId;
  readonly phone: string | null;
  readonly email: string | null;
  readonly name: string | null;
  /** Local wall time on DAY, a multiple of 15 minutes from 09:00. */
  readonly time: string;
  readonly durationMinutes: number;
  readonly idempotencyKey: string | null;
}

export interface Scenario {
  readonly bufferMinutes: number;
  readonly requests: readonly BookingRequest[];
}

const requestArb = fc.record({
  clinic: fc.constantFrom(CLINIC_A, CLINIC_A, CLINIC_B),
  phone: fc.option(fc.tuple(fc.constantFrom(...PHONES), fc.nat(phoneFormats.length - 1)), { freq: 3 }),
  email: fc.option(fc.tuple(fc.constantFrom(...EMAILS), fc.nat(emailFormats.length - 1)), { freq: 2 }),
  name: fc.option(fc.constantFrom("Amira Khan", "Ben Ode", "Cy")),
  slot: fc.nat(7),
  durationMinutes: fc.constantFrom(15, 30, 45),
  keyed: fc.boolean(),
});

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    bufferMinutes: fc.constantFrom(0, 0, 15),
    base: fc.array(requestArb, { minLength: 1, maxLength: 8 }),
    retries: fc.array(fc.nat(), { maxLength: 4 }),
  })
  .map(({ bufferMinutes, base, retries }) => {
    const requests: BookingRequest[] = base.map((r, i) => ({
      orgId: r.clinic,
      phone: r.phone === null ? null : (phoneFormats[r.phone[1]]?.(r.phone[0]) ?? null),
      email: r.email === null ? null : (emailFormats[r.email[1]]?.(r.email[0]) ?? null),
      name: r.name,
      time: wall(9 * 60 + r.slot * 15),
      durationMinutes: r.durationMinutes,
      idempotencyKey: r.keyed ? `call_${i}` : null,
    }));
    const keyed = requests.filter((r) => r.idempotencyKey !== null);
    const replays = keyed.length === 0 ? [] : retries.map((n) => keyed[n % keyed.length] as BookingRequest);
    return { bufferMinutes, requests: [...requests, ...replays] };
  });

/** One person (a phone and an email of their own) booking twice at once: phone + email, and email only. */
const personArb = fc.record({
  clinic: fc.constantFrom(CLINIC_A, CLINIC_B),
  phoneFormat: fc.nat(phoneFormats.length - 1),
  emailFormats: fc.tuple(fc.nat(emailFormats.length - 1), fc.nat(emailFormats.length - 1)),
  names: fc.tuple(fc.option(fc.constantFrom("Amira Khan", "Ben Ode")), fc.option(fc.constantFrom("Amira", "Ben"))),
  emailOnlyFirst: fc.boolean(),
  keyed: fc.boolean(),
});

/**
 * C5's race: up to three people, each with their own phone and email, each making their first two
 * bookings at once (phone + email, and the email only; in free slots of their own), some retried.
 */
export const personRaceArb: fc.Arbitrary<Scenario> = fc
  .record({
    people: fc.array(personArb, { minLength: 1, maxLength: PHONES.length }),
    retries: fc.array(fc.nat(), { maxLength: 2 }),
  })
  .map(({ people, retries }) => {
    const requests = people.flatMap((p, k): BookingRequest[] => {
      const phone = phoneFormats[p.phoneFormat]?.(PHONES[k] ?? "") ?? null;
      const email = (n: number) => emailFormats[n]?.(EMAILS[k] ?? "") ?? null;
      const both = { phone, email: email(p.emailFormats[0]), name: p.names[0], slot: 4 * k };
      const emailOnly = { phone: null, email: email(p.emailFormats[1]), name: p.names[1], slot: 4 * k + 2 };
      return (p.emailOnlyFirst ? [emailOnly, both] : [both, emailOnly]).map((r, j) => ({
        orgId: p.clinic,
        phone: r.phone,
        email: r.email,
        name: r.name,
        time: wall(9 * 60 + r.slot * 15),
        durationMinutes: 30,
        idempotencyKey: p.keyed ? `call_${k}_${j}` : null,
      }));
    });
    const keyed = requests.filter((r) => r.idempotencyKey !== null);
    const replays = keyed.length === 0 ? [] : retries.map((n) => keyed[n % keyed.length] as BookingRequest);
    return { bufferMinutes: 0, requests: [...requests, ...replays] };
  });

function wall(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export type Outcome = { ok: true; value: BookingConfirmation } | { ok: false; error: DomainError };

export type StoreFactory = (options: { db: MemoryDatabase; interleave: Interleave }) => BookingStore;

export async function runScenario(makeStore: StoreFactory, scenario: Scenario, s: fc.Scheduler): Promise<string[]> {
  const db = new MemoryDatabase();
  const interleave: Interleave = (label) => s.schedule(Promise.resolve(), label);
  const clinics = new InMemoryClinicDirectory(db)
    .add(raceClinic(CLINIC_A, scenario.bufferMinutes))
    .add(raceClinic(CLINIC_B, scenario.bufferMinutes));
  const deps = { store: makeStore({ db, interleave }), clinics, clock: new ManualClock(NOW), ids: new SequentialIds() };
  const pending = scenario.requests.map((r) =>
    bookAppointment(deps, {
      orgId: r.orgId,
      date: DAY,
      time: r.time,
      durationMinutes: r.durationMinutes,
      patient: { phone: r.phone, email: r.email, name: r.name },
      serviceType: "Consultation",
      idempotencyKey: r.idempotencyKey === null ? null : { key: r.idempotencyKey, windowSeconds: null },
    }).match<Outcome>(
      (value) => ({ ok: true, value }),
      (error) => ({ ok: false, error }),
    ),
  );
  const outcomes = await s.waitFor(Promise.all(pending));
  return violations(db, scenario, outcomes);
}

/** Every invariant that does not hold after the run, in words (empty when all hold). */
export function violations(db: MemoryDatabase, scenario: Scenario, outcomes: readonly Outcome[]): string[] {
  const found: string[] = [];
  const appointments = db.allAppointments();
  const contacts = db.allContacts();
  const live = appointments.filter((a) => a.status === "booked");

  outcomes.forEach((o, i) => {
    const r = scenario.requests[i] as BookingRequest;
    const phone = r.phone === null ? null : parsePhoneNumber(r.phone, "GB").unwrapOr(null);
    const email = r.email === null ? null : parseEmail(r.email).unwrapOr(null);
    if (!o.ok) {
      if (!(ERROR_CODES as readonly string[]).includes(o.error.code))
        found.push(`#${i} refused without a known code: ${JSON.stringify(o.error)}`);
      const expected = phone === null && email === null ? "MISSING_CONTACT_INFO" : "SLOT_UNAVAILABLE";
      if (o.error.code !== expected) found.push(`#${i} C4: refused ${o.error.code}, expected only ${expected}`);
      if (o.error.code === "SLOT_UNAVAILABLE") {
        const [h, m] = r.time.split(":").map(Number);
        const start = new Date(`${DAY}T00:00:00Z`).getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000; // GMT in November
        const asked = {
          start: new Date(start),
          end: new Date(start + (r.durationMinutes + scenario.bufferMinutes) * 60_000),
        };
        const taken = live.some(
          (a) => a.orgId === r.orgId && overlaps(asked, { start: a.startsAt, end: a.blocksUntil }),
        );
        if (!taken) found.push(`#${i} SLOT_UNAVAILABLE but nothing overlaps ${r.time}`);
      }
      return;
    }
    const { appointment, contact } = o.value;
    const stored = appointments.find((a) => a.id === appointment.id);
    if (stored === undefined || stored.status !== "booked")
      found.push(`#${i} acknowledged booking ${appointment.id} is not in the store`);
    if (stored !== undefined && (stored.contactId !== contact.id || stored.orgId !== r.orgId))
      found.push(`#${i} stored booking differs from the answer`);
    const owner = contacts.find((c) => c.id === stored?.contactId);
    if (owner === undefined || owner.orgId !== r.orgId)
      found.push(`#${i} booking's contact missing or in another clinic`);
    if (phone !== null && owner?.phone !== phone)
      found.push(`#${i} C3: booked with ${phone} but contact has ${owner?.phone}`);
    // A phone never leaves its contact, so the final state must show it; an email may later be
    // replaced by a booking that gives the phone with another email, so judge it at booking time.
    if (phone === null && email !== null && contact.email !== email)
      found.push(`#${i} C3: booked with ${email} but resolved to ${contact.email}`);
    if (phone !== null && contact.phone !== phone)
      found.push(`#${i} C3: answered with contact phone ${contact.phone}, expected ${phone}`);
  });

  for (const org of [CLINIC_A, CLINIC_B]) {
    const mine = contacts.filter((c) => c.orgId === org);
    const phones = mine.flatMap((c) => (c.phone === null ? [] : [c.phone]));
    if (new Set(phones).size !== phones.length)
      found.push(`C1: two contacts share a phone in ${org}: ${phones.join(", ")}`);
    const phoneless = mine.filter((c) => c.phone === null).map((c) => c.email);
    if (new Set(phoneless).size !== phoneless.length)
      found.push(`C2: two phone-less contacts share an email in ${org}`);
    const booked = live.filter((a) => a.orgId === org);
    booked.forEach((a, j) =>
      booked.slice(j + 1).forEach((b) => {
        if (overlaps({ start: a.startsAt, end: a.blocksUntil }, { start: b.startsAt, end: b.blocksUntil })) {
          found.push(`A1: ${a.id} and ${b.id} overlap`);
        }
      }),
    );
  }

  found.push(...onePersonOneContact(scenario, outcomes, appointments));

  const byKey = new Map<string, Outcome[]>();
  outcomes.forEach((o, i) => {
    const r = scenario.requests[i] as BookingRequest;
    if (r.idempotencyKey !== null)
      byKey.set(`${r.orgId}/${r.idempotencyKey}`, [...(byKey.get(`${r.orgId}/${r.idempotencyKey}`) ?? []), o]);
  });
  for (const [key, os] of byKey) {
    const ids = new Set(os.flatMap((o) => (o.ok ? [o.value.appointment.id] : [])));
    if (ids.size > 1) found.push(`A2: key ${key} booked ${ids.size} appointments`);
    const firsts = os.filter((o) => o.ok && !o.value.replayed).length;
    if (firsts > 1) found.push(`A2: key ${key} answered as a first booking ${firsts} times`);
  }
  const acknowledged = new Set(outcomes.flatMap((o) => (o.ok ? [o.value.appointment.id] : [])));
  if (appointments.length !== acknowledged.size) {
    found.push(`${appointments.length} appointments stored but ${acknowledged.size} acknowledged`);
  }
  return found;
}

const normalisedPhone = (r: BookingRequest) =>
  r.phone === null ? null : parsePhoneNumber(r.phone, "GB").unwrapOr(null);
const normalisedEmail = (r: BookingRequest) => (r.email === null ? null : parseEmail(r.email).unwrapOr(null));

/**
 * C5: a person (an email given in a clinic with at most one phone, that phone never given with
 * another email) is one contact: every acknowledged booking giving their email or phone is stored
 * under one contact, whatever the interleaving.
 */
function onePersonOneContact(
  scenario: Scenario,
  outcomes: readonly Outcome[],
  appointments: readonly { id: string; contactId: string | null }[],
): string[] {
  const found: string[] = [];
  const requests = scenario.requests.map((r, i) => ({
    r,
    o: outcomes[i],
    phone: normalisedPhone(r),
    email: normalisedEmail(r),
  }));
  const people = new Set(requests.flatMap(({ r, email }) => (email === null ? [] : [`${r.orgId} ${email}`])));
  for (const person of people) {
    const [orgId, email] = person.split(" ");
    const inClinic = requests.filter(({ r }) => r.orgId === orgId);
    const phones = new Set(inClinic.flatMap((q) => (q.email === email && q.phone !== null ? [q.phone] : [])));
    if (phones.size > 1) continue;
    const [phone] = [...phones];
    if (phone !== undefined && inClinic.some((q) => q.phone === phone && q.email !== email)) continue;
    const theirs = inClinic.filter((q) => q.email === email || (phone !== undefined && q.phone === phone));
    const contacts = new Set(
      theirs.flatMap(({ o }) => {
        if (o === undefined || !o.ok) return [];
        return [appointments.find((a) => a.id === o.value.appointment.id)?.contactId ?? "none"];
      }),
    );
    if (contacts.size > 1) found.push(`C5: ${email} in ${orgId} is ${contacts.size} contacts`);
  }
  return found;
}
