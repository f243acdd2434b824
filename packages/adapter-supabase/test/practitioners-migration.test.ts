/**
 * Migration 20261122050000 on a database holding data: today's schema (the migrations up to
 * 20261122030000) with clinics and appointments, then migrated. Every clinic gets its default
 * staff (practitioner "the clinic" on its calendar, default service "appointment" of its slot
 * length), every appointment is assigned to them, and the stores work on the result.
 */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bookAppointment, type OrgId } from "@voxanne/domain";
import { ManualClock, SequentialIds } from "@voxanne/domain/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, MIGRATIONS_DIR, migrate, pgPoolClient, postgresStores } from "../src/index.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";

const BEFORE = "20261122030000";
const ORG_A = "7d0c1a52-0000-4000-8000-00000000000a" as OrgId;
const ORG_B = "7d0c1a52-0000-4000-8000-00000000000b" as OrgId;

const NOW = "2027-05-01T08:00:00Z";

let db: TestDatabase;

/** A directory holding the migrations up to `BEFORE`: today's schema. */
async function migrationsUpTo(version: string): Promise<URL> {
  const dir = await mkdtemp(join(tmpdir(), "voxanne-migrations-"));
  for (const file of await listMigrations()) {
    if (file.slice(0, 14) <= version) await copyFile(new URL(file, MIGRATIONS_DIR), join(dir, file));
  }
  return pathToFileURL(`${dir}/`);
}

const OLD_DATA = `
insert into organizations (id, name, slot_minutes, buffer_minutes, calendar_id) values
  ('${ORG_A}', 'Old Clinic A', 30, 10, 'primary'),
  ('${ORG_B}', 'Old Clinic B', 20, 0, 'front-desk');
insert into contacts (id, org_id, phone) values
  ('7d0c1a52-0000-4000-8000-0000000000c1', '${ORG_A}', '+447700900101');
insert into appointments (id, org_id, contact_id, calendar_id, starts_at, ends_at, blocks_until, status, service_type) values
  ('7d0c1a52-0000-4000-8000-0000000000a1', '${ORG_A}', '7d0c1a52-0000-4000-8000-0000000000c1', 'primary',
   '2027-05-03T09:00Z', '2027-05-03T09:30Z', '2027-05-03T09:40Z', 'booked', 'Check-up'),
  ('7d0c1a52-0000-4000-8000-0000000000a2', '${ORG_A}', null, 'primary',
   '2027-05-03T09:00Z', '2027-05-03T09:30Z', '2027-05-03T09:40Z', 'cancelled', null),
  ('7d0c1a52-0000-4000-8000-0000000000b1', '${ORG_B}', null, 'front-desk',
   '2027-05-03T10:00Z', '2027-05-03T10:20Z', '2027-05-03T10:20Z', 'booked', null);
`;

beforeAll(async () => {
  db = await freshDatabase({ migrated: false });
  const old = await migrationsUpTo(BEFORE);
  try {
    await migrate(pgPoolClient(db.pool), old);
  } finally {
    await rm(new URL(old), { recursive: true, force: true });
  }
  await db.pool.query(OLD_DATA);
  await migrate(pgPoolClient(db.pool));
});
afterAll(() => db.drop());

describe("a clinic row made outside save_clinic (no staff)", () => {
  it("reads with an empty staff, and booking it is a speakable refusal, not a defect", async () => {
    const org = "7d0c1a52-0000-4000-8000-00000000000c" as OrgId;
    await db.pool.query("insert into organizations (id, name) values ($1, 'Bare Clinic')", [org]);
    const stores = postgresStores(db.pool);
    const clinic = (await stores.clinics.getClinic(org))._unsafeUnwrap();
    expect(clinic.staff).toEqual({
      practitioners: [],
      services: [],
      policy: { defaultServiceId: "", allowDurationOverride: true, unknownServiceFallsBackToDefault: false },
    });
    const deps = {
      store: stores.bookings,
      clinics: stores.clinics,
      clock: new ManualClock(NOW),
      ids: new SequentialIds(),
    };
    const refused = await bookAppointment(deps, {
      orgId: org,
      date: "2027-05-04",
      time: "10:00",
      patient: { phone: "+447700900102" },
    });
    expect(refused._unsafeUnwrapErr().code).toBe("UNKNOWN_SERVICE");
  });
});

describe(`migrating a database with data from ${BEFORE} to practitioners and services`, () => {
  it("gives every existing clinic its default staff: the clinic's calendar, its slot length", async () => {
    const stores = postgresStores(db.pool);
    for (const [org, slot] of [
      [ORG_A, 30],
      [ORG_B, 20],
    ] as const) {
      const { staff } = (await stores.clinics.getClinic(org))._unsafeUnwrap();
      expect(staff.practitioners).toMatchObject([
        { name: "the clinic", active: true, calendarId: null, openingHours: null },
      ]);
      expect(staff.services).toMatchObject([
        { name: "appointment", durationMinutes: slot, bufferBeforeMinutes: 0, bufferAfterMinutes: null, active: true },
      ]);
      expect(staff.services[0]?.practitionerIds).toEqual([staff.practitioners[0]?.id]);
      expect(staff.policy).toEqual({
        defaultServiceId: staff.services[0]?.id,
        allowDurationOverride: true,
        unknownServiceFallsBackToDefault: false,
      });
    }
  });

  it("assigns every existing appointment (cancelled ones too) to its clinic's default practitioner and service", async () => {
    const { rows } = await db.pool.query<{ id: string; ok: boolean }>(
      `select a.id, (a.practitioner_id = p.id and a.service_id = s.id and a.blocks_from = a.starts_at
                     and a.calendar_id = o.calendar_id) as ok
         from appointments a
         join organizations o on o.id = a.org_id
         join practitioners p on p.org_id = a.org_id
         join services s on s.org_id = a.org_id and s.is_default
        order by a.id`,
    );
    expect(rows).toEqual([
      { id: "7d0c1a52-0000-4000-8000-0000000000a1", ok: true },
      { id: "7d0c1a52-0000-4000-8000-0000000000a2", ok: true },
      { id: "7d0c1a52-0000-4000-8000-0000000000b1", ok: true },
    ]);
  });

  it("keeps the old appointments' time blocked for their practitioner, buffer included", async () => {
    const stores = postgresStores(db.pool);
    const { staff } = (await stores.clinics.getClinic(ORG_A))._unsafeUnwrap();
    const p = staff.practitioners[0]?.id ?? "";
    const window = { start: new Date("2027-05-03T00:00Z"), end: new Date("2027-05-04T00:00Z") };
    expect((await stores.bookings.busyIntervals(ORG_A, [p], window))._unsafeUnwrap()).toEqual({
      [p]: [{ start: new Date("2027-05-03T09:00Z"), end: new Date("2027-05-03T09:40Z") }],
    });
  });
});
