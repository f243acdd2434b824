/**
 * SchemaStatus.inspect and clinicStates (schema_checks(), clinic_states()): every check passes
 * on a migrated database over every carrier; on real Postgres each invariant broken on purpose
 * fails naming the object, and running the fix it gives repairs it. A database that predates
 * the functions gets one failing check saying to migrate.
 */
import { randomUUID } from "node:crypto";
import { defaultClinicSettings, type OrgId, type SchemaCheck } from "@voxanne/domain";
import { SCHEMA_CHECK_NAMES } from "@voxanne/domain/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresStores, type SqlStores } from "../src/index.ts";
import { carriers } from "./support/carriers.ts";
import { createClinics, testCipher } from "./support/contracts.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";

const passing = (name: string) => ({ name, ok: true, fix: null });

describe.each(Object.entries(carriers))("schema checks over %s", (_, open) => {
  it("a migrated database passes every check, in the twin's order", async () => {
    const carrier = await open();
    try {
      const checks = (await carrier.stores.schema.inspect())._unsafeUnwrap();
      expect(checks.map(({ name, ok, fix }) => ({ name, ok, fix }))).toEqual(SCHEMA_CHECK_NAMES.map(passing));
      expect(checks.find((c) => c.name === "constraint ex_appointments_practitioner_no_overlap")?.detail).toContain(
        "EXCLUDE USING gist",
      );
    } finally {
      await carrier.close();
    }
  });

  it("clinic states: each clinic with its zone, link and outbox backlog, by name", async () => {
    const carrier = await open();
    try {
      const [a, b] = [randomUUID() as OrgId, randomUUID() as OrgId];
      await createClinics(carrier.stores, [
        { ...defaultClinicSettings(a, "B clinic"), zone: "America/New_York" },
        defaultClinicSettings(b, "A clinic"),
      ]);
      const tokens = { accessToken: null, refreshToken: "1//r", expiresAt: null, scope: null };
      const links = carrier.stores.integrations(testCipher());
      (await links.save({ orgId: a, provider: "google", calendarId: "primary", tokens }))._unsafeUnwrap();
      (await links.markReauthRequired(a, "invalid_grant"))._unsafeUnwrap();
      const due = new Date(Date.now() - 60_000);
      await carrier.sql.exec(
        `insert into appointments (id, org_id, practitioner_id, service_id, calendar_id, starts_at, ends_at, blocks_from,
                                   blocks_until, calendar_sync, updated_at)
           select '${randomUUID()}', '${a}', p.id, s.id, 'primary', now() + interval '1 day',
                  now() + interval '1 day 30 minutes', now() + interval '1 day', now() + interval '1 day 30 minutes',
                  'synced', '2026-11-20T09:00:00Z'
             from practitioners p join services s on s.org_id = p.org_id where p.org_id = '${a}'`,
      );
      await carrier.sql.exec(
        `insert into calendar_sync_jobs (org_id, appointment_id, version, next_attempt_at)
           select org_id, id, 1, '${due.toISOString()}' from appointments where org_id = '${a}'`,
      );
      const states = (await carrier.stores.schema.clinicStates())._unsafeUnwrap();
      const mine = states.filter((s) => s.orgId === a || s.orgId === b);
      expect(mine).toEqual([
        {
          orgId: b,
          name: "A clinic",
          zone: "Europe/London",
          link: null,
          lastSyncedAt: null,
          outbox: { due: 0, scheduled: 0, parked: 0, oldestDueAt: null },
        },
        {
          orgId: a,
          name: "B clinic",
          zone: "America/New_York",
          link: { status: "reauth_required", statusReason: "invalid_grant", updatedAt: expect.any(Date) },
          lastSyncedAt: new Date("2026-11-20T09:00:00Z"),
          outbox: { due: 1, scheduled: 0, parked: 0, oldestDueAt: due },
        },
      ]);
    } finally {
      await carrier.close();
    }
  });
});

describe("schema checks on real Postgres, each invariant broken on purpose", () => {
  let db: TestDatabase;
  let stores: SqlStores;
  beforeAll(async () => {
    db = await freshDatabase({ max: 1 });
    stores = postgresStores(db.pool);
  });
  afterAll(() => db.drop());

  async function check(name: string): Promise<SchemaCheck | undefined> {
    return (await stores.schema.inspect())._unsafeUnwrap().find((c) => c.name === name);
  }

  /** Breaks with `breakSql`, expects the check to fail with `detail`, runs its fix as it is, expects a pass again. */
  async function breakAndRepair(name: string, breakSql: string, detail: RegExp | string): Promise<SchemaCheck> {
    await db.pool.query(breakSql);
    const broken = await check(name);
    expect(broken).toMatchObject({ name, ok: false, detail: expect.stringMatching(detail) });
    await db.pool.query(broken?.fix ?? "no fix");
    expect(await check(name)).toMatchObject({ name, ok: true, fix: null });
    return broken as SchemaCheck;
  }

  it("the overlap exclusion constraint dropped: fails naming it, and its fix restores it", async () => {
    const broken = await breakAndRepair(
      "constraint ex_appointments_practitioner_no_overlap",
      "alter table appointments drop constraint ex_appointments_practitioner_no_overlap",
      /^missing/,
    );
    expect(broken.fix).toContain("add constraint ex_appointments_practitioner_no_overlap exclude using gist");
  });

  it("the phone constraint replaced by a partial index (the 42P10 incident): fails, and its fix restores it", async () => {
    await breakAndRepair(
      "constraint uq_contacts_org_phone",
      `alter table contacts drop constraint uq_contacts_org_phone;
       create unique index uq_contacts_org_phone_partial on contacts (org_id, phone) where phone is not null;`,
      /^missing/,
    );
    await db.pool.query("drop index uq_contacts_org_phone_partial");
  });

  it("appointments.contact_id made NOT NULL: fails, and its fix restores it (ON DELETE SET NULL)", async () => {
    await breakAndRepair(
      "column appointments.contact_id nullable",
      "alter table appointments alter column contact_id set not null",
      /^NOT NULL/,
    );
  });

  it("Row Level Security switched off on a table: fails naming it, and its fix switches it on", async () => {
    await breakAndRepair(
      "row level security on every table",
      "alter table contacts disable row level security",
      "off on: contacts",
    );
  });

  it("a function opened to PUBLIC: fails naming it, and restrict_to_backend() closes it", async () => {
    await breakAndRepair(
      "functions closed to client roles",
      "grant execute on function get_clinic(uuid) to public",
      /get_clinic\(uuid\)/,
    );
  });

  it("btree_gist dropped (and with it the constraint): both fail", async () => {
    await db.pool.query("drop extension btree_gist cascade");
    const checks = (await stores.schema.inspect())._unsafeUnwrap();
    const failing = checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failing).toEqual(["extension btree_gist", "constraint ex_appointments_practitioner_no_overlap"]);
    await db.pool.query(failing.length === 2 ? (checks[0]?.fix ?? "") : "select 1");
    expect((await check("extension btree_gist"))?.ok).toBe(true);
  });
});

describe("a database that predates schema_checks()", () => {
  it("answers one failing check saying to migrate", async () => {
    const db = await freshDatabase();
    try {
      await db.pool.query("drop function schema_checks()");
      const checks = (await postgresStores(db.pool).schema.inspect())._unsafeUnwrap();
      expect(checks).toEqual([
        expect.objectContaining({ name: "schema checks", ok: false, fix: expect.stringContaining("pnpm db:migrate") }),
      ]);
    } finally {
      await db.drop();
    }
  });
});
