/**
 * SqlClinicDirectory and SqlTenantDirectory beyond their contracts: clinics racing for one Vapi
 * id (over every carrier, and a claim that loses to an uncommitted one on real Postgres), and the
 * cheap guards that keep ids which cannot exist from reaching SQL.
 */
import { randomUUID } from "node:crypto";
import { defaultClinicSettings, type OrgId, type VapiLinks } from "@voxanne/domain";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresStores, type SqlStores } from "../src/index.ts";
import { type Carrier, carriers } from "./support/carriers.ts";
import { freshDatabase } from "./support/postgres-database.ts";

const id = (prefix: string) => `${prefix}_${randomUUID()}`;

async function clinic(stores: SqlStores, vapi: Partial<VapiLinks> = {}): Promise<OrgId> {
  const org = randomUUID() as OrgId;
  (await stores.clinics.saveClinic({ mode: "create", settings: defaultClinicSettings(org), vapi }))._unsafeUnwrap();
  return org;
}

const relink = (stores: SqlStores, org: OrgId, vapi: Partial<VapiLinks>) =>
  stores.clinics.saveClinic({ mode: "update", settings: defaultClinicSettings(org), vapi });

describe.each(Object.entries(carriers))("clinics and Vapi ids over %s", (_, open) => {
  let carrier: Carrier;
  let stores: SqlStores;
  beforeAll(async () => {
    carrier = await open();
    stores = carrier.stores;
  });
  afterAll(() => carrier.close());

  it("ten clinics claiming one assistant id at once: exactly one gets it, nine are refused", async () => {
    const orgs = await Promise.all(Array.from({ length: 10 }, () => clinic(stores)));
    const contested = id("asst");
    const results = await Promise.all(orgs.map((org) => relink(stores, org, { assistantIds: [contested] })));
    expect(results.filter((r) => r.isOk())).toHaveLength(1);
    expect(results.flatMap((r) => (r.isErr() ? [r.error] : [])).map((e) => [e.code, "field" in e && e.field])).toEqual(
      Array.from({ length: 9 }, () => ["INVALID_INPUT", "vapiAssistantIds"]),
    );
    const winner = orgs[results.findIndex((r) => r.isOk())];
    expect((await stores.tenants.orgForVapi({ assistantId: contested, phoneNumberId: null }))._unsafeUnwrap()).toBe(
      winner,
    );
  });

  it("ids that cannot exist never reach SQL: an org id that is not a UUID, a blank Vapi id", async () => {
    const stranger = "not-a-uuid" as OrgId;
    expect((await stores.clinics.getClinic(stranger))._unsafeUnwrapErr().code).toBe("UNKNOWN_ORG");
    expect((await stores.clinics.getClinicRecord(stranger))._unsafeUnwrapErr().code).toBe("UNKNOWN_ORG");
    expect((await relink(stores, stranger, {}))._unsafeUnwrapErr().code).toBe("UNKNOWN_ORG");
    const create = { mode: "create", settings: defaultClinicSettings(stranger), vapi: {} } as const;
    expect((await stores.clinics.saveClinic(create))._unsafeUnwrapErr()).toMatchObject({
      code: "INVALID_INPUT",
      field: "id",
    });
    const org = await clinic(stores);
    expect((await relink(stores, org, { phoneNumberIds: [id("pn"), "  "] }))._unsafeUnwrapErr()).toMatchObject({
      code: "INVALID_INPUT",
      field: "vapiPhoneNumberIds",
      message: "An id is blank.",
    });
    expect((await stores.tenants.orgForVapi({ assistantId: null, phoneNumberId: null }))._unsafeUnwrapErr().code).toBe(
      "UNKNOWN_ORG",
    );
  });
});

/** Resolves once some session of this database waits on a lock (the second claim, on the first's row). */
async function waitForLockWait(pool: pg.Pool): Promise<void> {
  for (;;) {
    const { rows } = await pool.query(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
    );
    if (rows[0]?.n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("save_clinic on real Postgres: losing a race", () => {
  it("a claim that waits on another clinic's uncommitted claim of the same id is refused, changing nothing", async () => {
    const db = await freshDatabase({ max: 4 });
    const stores = postgresStores(db.pool);
    try {
      const keptByB = id("pn");
      const a = await clinic(stores);
      const b = await clinic(stores, { phoneNumberIds: [keptByB] });
      const contested = id("asst");
      const first = await db.pool.connect();
      try {
        await first.query("begin");
        await first.query("select save_clinic('update', $1, $2)", [
          JSON.stringify(defaultClinicSettings(a)),
          JSON.stringify({ assistantIds: [contested] }),
        ]);
        // b passes the pre-check (a's row is not committed yet), then its insert waits on a's.
        const second = stores.clinics.saveClinic({
          mode: "update",
          settings: { ...defaultClinicSettings(b), name: "Should Not Stick" },
          vapi: { assistantIds: [contested], phoneNumberIds: [] },
        });
        await waitForLockWait(db.pool);
        await first.query("commit");
        expect((await second)._unsafeUnwrapErr()).toMatchObject({ code: "INVALID_INPUT", field: "vapiAssistantIds" });
      } finally {
        first.release();
      }
      expect((await stores.clinics.getClinicRecord(b))._unsafeUnwrap()).toEqual({
        settings: defaultClinicSettings(b),
        vapi: { assistantIds: [], phoneNumberIds: [keptByB] },
      });
      expect((await stores.tenants.orgForVapi({ assistantId: contested, phoneNumberId: null }))._unsafeUnwrap()).toBe(
        a,
      );
    } finally {
      await db.drop();
    }
  });
});
