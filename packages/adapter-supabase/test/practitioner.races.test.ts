/**
 * "Anyone free" under true concurrency, through the domain's bookAppointment over the SQL stores:
 * three practitioners offer a service; fifty callers ask for the same slot with anyone at once.
 * Exactly three are booked, on three distinct practitioners; the other 47 hear SLOT_UNAVAILABLE
 * with alternatives; nothing else. Over a pg Pool of 20 connections, and again through supabase-js.
 */
import { randomUUID } from "node:crypto";
import {
  type BookingDeps,
  bookAppointment,
  type Clinic,
  type ClinicStaff,
  defaultClinicSettings,
  type OrgId,
  type Practitioner,
} from "@voxanne/domain";
import { ManualClock } from "@voxanne/domain/testing";
import { okAsync } from "neverthrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresStores, type SqlStores } from "../src/index.ts";
import { supabaseOver } from "./support/carriers.ts";
import { createClinics } from "./support/contracts.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";

let db: TestDatabase;
let stores: SqlStores;

beforeAll(async () => {
  db = await freshDatabase({ max: 20 });
  stores = postgresStores(db.pool);
});
afterAll(() => db.drop());

/** A clinic whose one service ("physio", 30 minutes) is offered by three practitioners. */
function threePractitioners(): Clinic {
  const settings = defaultClinicSettings(randomUUID() as OrgId, "Race Physio");
  const person = (name: string): Practitioner => ({
    id: randomUUID(),
    orgId: settings.orgId,
    name,
    active: true,
    calendarId: null,
    openingHours: null,
  });
  const practitioners = [person("Dr Patel"), person("Sam"), person("Alex")];
  const serviceId = randomUUID();
  const staff: ClinicStaff = {
    practitioners,
    services: [
      {
        id: serviceId,
        orgId: settings.orgId,
        name: "physio",
        synonyms: [],
        durationMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: null,
        minNoticeMinutes: null,
        practitionerIds: practitioners.map((p) => p.id),
        active: true,
      },
    ],
    policy: { defaultServiceId: serviceId, allowDurationOverride: false, unknownServiceFallsBackToDefault: false },
  };
  return { ...settings, staff };
}

function deps(over: SqlStores): BookingDeps {
  return {
    store: over.bookings,
    clinics: over.clinics,
    clock: new ManualClock("2027-03-01T08:00:00Z"),
    ids: { next: () => okAsync(randomUUID()) },
  };
}

/** Fifty callers (distinct phones) asking for Tuesday 2 March 2027 at 10:00 with anyone, at once. */
async function fiftyAnyone(over: SqlStores, clinic: Clinic) {
  const d = deps(over);
  return Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      bookAppointment(d, {
        orgId: clinic.orgId,
        date: "2027-03-02",
        time: "10:00",
        service: "physio",
        practitioner: "anyone",
        patient: { name: `Caller ${i}`, phone: `+4477009002${String(i).padStart(2, "0")}` },
      }),
    ),
  );
}

async function expectThreeOnThree(over: SqlStores) {
  const clinic = threePractitioners();
  await createClinics(stores, [clinic]);
  const results = await fiftyAnyone(over, clinic);
  const booked = results.flatMap((r) => (r.isOk() ? [r.value] : []));
  const refused = results.flatMap((r) => (r.isErr() ? [r.error] : []));
  expect(booked).toHaveLength(3);
  expect(new Set(booked.map((b) => b.appointment.practitionerId)).size).toBe(3);
  expect(new Set(booked.map((b) => b.practitioner.name))).toEqual(new Set(["Dr Patel", "Sam", "Alex"]));
  expect(refused.map((e) => e.code)).toEqual(Array(47).fill("SLOT_UNAVAILABLE"));
  for (const e of refused) {
    expect(e.code === "SLOT_UNAVAILABLE" && e.alternatives.length).toBeGreaterThan(0);
  }
  const { rows } = await db.pool.query<{ n: string }>(
    "select count(*) as n from appointments where org_id = $1 and status = 'booked'",
    [clinic.orgId],
  );
  expect(Number(rows[0]?.n)).toBe(3);
}

describe("concurrent 'anyone' bookings of one slot, three practitioners", () => {
  it("over a pg Pool: 3 booked on 3 distinct practitioners, 47 SLOT_UNAVAILABLE with alternatives, 0 errors", async () => {
    await expectThreeOnThree(stores);
  });

  it("through supabase-js: the same", async () => {
    await expectThreeOnThree(supabaseOver(db));
  });
});
