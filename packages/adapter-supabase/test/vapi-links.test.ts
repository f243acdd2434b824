/**
 * Vapi tenant mapping and the clinic list, over every carrier: links are replaced all or nothing,
 * an id another clinic holds is refused naming the field, and the assistant wins over the number.
 */
import { randomUUID } from "node:crypto";
import { type ClinicSettings, defaultClinicSettings, type OrgId } from "@voxanne/domain";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FunctionStore, PostgresStore } from "../src/index.ts";
import { type Carrier, carriers } from "./support/carriers.ts";
import { freshDatabase } from "./support/postgres-database.ts";

const id = (prefix: string) => `${prefix}_${randomUUID()}`;

describe.each(Object.entries(carriers))("Vapi links and clinics over %s", (_, open) => {
  let carrier: Carrier;
  let store: FunctionStore;
  beforeAll(async () => {
    carrier = await open();
    store = carrier.store;
  });
  afterAll(() => carrier.close());

  async function clinic(name = "Clinic"): Promise<OrgId> {
    const org = randomUUID() as OrgId;
    (await store.saveClinic(defaultClinicSettings(org, name)))._unsafeUnwrap();
    return org;
  }

  it("set, then get and orgForVapi; the assistant's mapping wins over the phone number's", async () => {
    const [a, b] = [await clinic(), await clinic()];
    const [asstA, asstB, numA, numB] = [id("asst"), id("asst"), id("pn"), id("pn")];
    const linksA = (
      await store.setVapiLinks(a, { assistantIds: [asstA], phoneNumberIds: [numA, numA] })
    )._unsafeUnwrap();
    expect(linksA).toEqual({ assistantIds: [asstA], phoneNumberIds: [numA] });
    expect((await store.getVapiLinks(a))._unsafeUnwrap()).toEqual(linksA);
    (await store.setVapiLinks(b, { assistantIds: [asstB], phoneNumberIds: [numB] }))._unsafeUnwrap();

    const org = async (assistantId: string | null, phoneNumberId: string | null) =>
      (await store.orgForVapi({ assistantId, phoneNumberId })).map((o) => o as string).unwrapOr("UNKNOWN_ORG");
    expect(await org(asstA, null)).toBe(a);
    expect(await org(null, numB)).toBe(b);
    expect(await org(asstA, numB)).toBe(a);
    expect(await org(id("asst"), numB)).toBe(b);
    expect(await org(id("asst"), id("pn"))).toBe("UNKNOWN_ORG");
    expect(await org(null, null)).toBe("UNKNOWN_ORG");
  });

  it("set replaces the org's links: removed ids stop mapping, kept ones stay", async () => {
    const org = await clinic();
    const [kept, dropped, added] = [id("asst"), id("asst"), id("asst")];
    (await store.setVapiLinks(org, { assistantIds: [kept, dropped], phoneNumberIds: [id("pn")] }))._unsafeUnwrap();
    const now = (await store.setVapiLinks(org, { assistantIds: [added, kept], phoneNumberIds: [] }))._unsafeUnwrap();
    expect(now).toEqual({ assistantIds: [added, kept].sort(), phoneNumberIds: [] });
    expect((await store.orgForVapi({ assistantId: dropped, phoneNumberId: null }))._unsafeUnwrapErr().code).toBe(
      "UNKNOWN_ORG",
    );
    expect((await store.orgForVapi({ assistantId: kept, phoneNumberId: null }))._unsafeUnwrap()).toBe(org);
  });

  it("an id linked to another clinic is INVALID_INPUT naming the field, and nothing changes", async () => {
    const [a, b] = [await clinic(), await clinic()];
    const [asstA, numA] = [id("asst"), id("pn")];
    (await store.setVapiLinks(a, { assistantIds: [asstA], phoneNumberIds: [numA] }))._unsafeUnwrap();
    const mine = { assistantIds: [id("asst")], phoneNumberIds: [id("pn")] };
    (await store.setVapiLinks(b, mine))._unsafeUnwrap();

    const stealAssistant = await store.setVapiLinks(b, { assistantIds: [asstA], phoneNumberIds: [] });
    expect(stealAssistant._unsafeUnwrapErr()).toMatchObject({ code: "INVALID_INPUT", field: "vapiAssistantIds" });
    expect(stealAssistant._unsafeUnwrapErr().message).toContain(asstA);
    const stealNumber = await store.setVapiLinks(b, { assistantIds: [id("asst")], phoneNumberIds: [numA] });
    expect(stealNumber._unsafeUnwrapErr()).toMatchObject({ code: "INVALID_INPUT", field: "vapiPhoneNumberIds" });

    expect((await store.getVapiLinks(a))._unsafeUnwrap()).toEqual({ assistantIds: [asstA], phoneNumberIds: [numA] });
    expect((await store.getVapiLinks(b))._unsafeUnwrap()).toEqual(mine);
  });

  it("blank ids are INVALID_INPUT; an unknown org is UNKNOWN_ORG", async () => {
    const org = await clinic();
    const blank = await store.setVapiLinks(org, { assistantIds: [], phoneNumberIds: [" "] });
    expect(blank._unsafeUnwrapErr()).toMatchObject({ code: "INVALID_INPUT", field: "vapiPhoneNumberIds" });
    const stranger = randomUUID() as OrgId;
    const links = { assistantIds: [id("asst")], phoneNumberIds: [] };
    expect((await store.setVapiLinks(stranger, links))._unsafeUnwrapErr().code).toBe("UNKNOWN_ORG");
    expect((await store.getVapiLinks(stranger))._unsafeUnwrapErr().code).toBe("UNKNOWN_ORG");
    expect((await store.getVapiLinks("not-a-uuid" as OrgId))._unsafeUnwrapErr().code).toBe("UNKNOWN_ORG");
  });

  it("ten clinics claiming one assistant id at once: exactly one gets it, nine are refused", async () => {
    const orgs = await Promise.all(Array.from({ length: 10 }, () => clinic()));
    const contested = id("asst");
    const results = await Promise.all(
      orgs.map((org) => store.setVapiLinks(org, { assistantIds: [contested], phoneNumberIds: [] })),
    );
    expect(results.filter((r) => r.isOk())).toHaveLength(1);
    expect(results.flatMap((r) => (r.isErr() ? [r.error] : [])).map((e) => [e.code, "field" in e && e.field])).toEqual(
      Array.from({ length: 9 }, () => ["INVALID_INPUT", "vapiAssistantIds"]),
    );
    const winner = orgs[results.findIndex((r) => r.isOk())];
    expect((await store.orgForVapi({ assistantId: contested, phoneNumberId: null }))._unsafeUnwrap()).toBe(winner);
  });

  it("listClinics returns every clinic's settings, ordered by name", async () => {
    await carrier.sql.exec("delete from organizations");
    const settings = (org: OrgId, name: string): ClinicSettings => ({
      ...defaultClinicSettings(org, name),
      slotMinutes: 20,
    });
    const [zed, abbey, mid] = [
      settings(randomUUID() as OrgId, "Zed Dental"),
      settings(randomUUID() as OrgId, "Abbey Road Clinic"),
      settings(randomUUID() as OrgId, "Mid Health"),
    ];
    for (const s of [zed, abbey, mid]) (await store.saveClinic(s))._unsafeUnwrap();
    expect((await store.listClinics())._unsafeUnwrap()).toEqual([abbey, mid, zed]);
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

describe("set_vapi_links on real Postgres: losing a race", () => {
  it("a claim that waits on another clinic's uncommitted claim of the same id is refused, changing nothing", async () => {
    const db = await freshDatabase({ max: 4 });
    const store = PostgresStore.overPool(db.pool);
    try {
      const [a, b] = [randomUUID() as OrgId, randomUUID() as OrgId];
      for (const org of [a, b]) (await store.saveClinic(defaultClinicSettings(org)))._unsafeUnwrap();
      const keptByB = id("pn");
      (await store.setVapiLinks(b, { assistantIds: [], phoneNumberIds: [keptByB] }))._unsafeUnwrap();
      const contested = id("asst");
      const first = await db.pool.connect();
      try {
        await first.query("begin");
        await first.query("select set_vapi_links($1, $2)", [a, JSON.stringify({ assistantIds: [contested] })]);
        // b passes the pre-check (a's row is not committed yet), then its insert waits on a's.
        const second = store.setVapiLinks(b, { assistantIds: [contested], phoneNumberIds: [] });
        await waitForLockWait(db.pool);
        await first.query("commit");
        expect((await second)._unsafeUnwrapErr()).toMatchObject({ code: "INVALID_INPUT", field: "vapiAssistantIds" });
      } finally {
        first.release();
      }
      expect((await store.getVapiLinks(b))._unsafeUnwrap()).toEqual({ assistantIds: [], phoneNumberIds: [keptByB] });
      expect((await store.orgForVapi({ assistantId: contested, phoneNumberId: null }))._unsafeUnwrap()).toBe(a);
    } finally {
      await db.drop();
    }
  });
});
