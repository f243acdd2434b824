/**
 * @module testing/tenant-directory.contract
 * One contract for every `TenantDirectory`: in memory, PGlite, real Postgres, supabase-js. The ids
 * are mapped through the directory's `saveClinic`. What we rely on: the assistant's clinic wins
 * over the dialled number's, an unmapped call is `UNKNOWN_ORG`, and a relink takes effect at once.
 * Each case throws (node:assert) on failure:
 * `for (const c of tenantDirectoryContract) it(c.name, () => c.run(fixture))`. Every case uses
 * fresh org ids and fresh Vapi ids, so one database can serve all cases.
 */
import assert from "node:assert/strict";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { ClinicDirectory, VapiLinks } from "../ports/clinic-directory.port.ts";
import type { TenantDirectory } from "../ports/tenant-directory.port.ts";
import { contractClinic, freshVapiId } from "./clinic-directory.contract.ts";
import { code, unwrap } from "./contract-assertions.ts";

export interface TenantDirectoryFixture {
  /** A tenant directory and the clinic directory that maps its ids, over one database. */
  setup(): Promise<{ tenants: TenantDirectory; clinics: ClinicDirectory }>;
}

export interface TenantDirectoryCase {
  readonly name: string;
  run(fixture: TenantDirectoryFixture): Promise<void>;
}

/** A new clinic with these Vapi ids. */
async function linked(clinics: ClinicDirectory, vapi: Partial<VapiLinks>): Promise<ClinicSettings> {
  const settings = contractClinic();
  await unwrap(clinics.saveClinic({ mode: "create", settings, vapi }));
  return settings;
}

export const tenantDirectoryContract: readonly TenantDirectoryCase[] = [
  {
    name: "a mapped assistant id names its clinic, and so does a mapped phone-number id",
    async run(fixture) {
      const { tenants, clinics } = await fixture.setup();
      const [asst, pn] = [freshVapiId("asst"), freshVapiId("pn")];
      const clinic = await linked(clinics, { assistantIds: [asst, freshVapiId("asst")], phoneNumberIds: [pn] });
      assert.equal(await unwrap(tenants.orgForVapi({ assistantId: asst, phoneNumberId: null })), clinic.orgId);
      assert.equal(await unwrap(tenants.orgForVapi({ assistantId: null, phoneNumberId: pn })), clinic.orgId);
      assert.equal(await unwrap(tenants.orgForVapi({ assistantId: asst, phoneNumberId: pn })), clinic.orgId);
    },
  },
  {
    name: "the assistant's clinic wins over the dialled number's",
    async run(fixture) {
      const { tenants, clinics } = await fixture.setup();
      const [asst, pn] = [freshVapiId("asst"), freshVapiId("pn")];
      const byAssistant = await linked(clinics, { assistantIds: [asst] });
      const byNumber = await linked(clinics, { phoneNumberIds: [pn] });
      assert.notEqual(byAssistant.orgId, byNumber.orgId);
      assert.equal(await unwrap(tenants.orgForVapi({ assistantId: asst, phoneNumberId: pn })), byAssistant.orgId);
    },
  },
  {
    name: "an unmapped assistant falls back to the dialled number's clinic",
    async run(fixture) {
      const { tenants, clinics } = await fixture.setup();
      const pn = freshVapiId("pn");
      const clinic = await linked(clinics, { phoneNumberIds: [pn] });
      const ids = { assistantId: freshVapiId("asst"), phoneNumberId: pn };
      assert.equal(await unwrap(tenants.orgForVapi(ids)), clinic.orgId);
    },
  },
  {
    name: "a call naming no mapped id, or no id at all, is UNKNOWN_ORG",
    async run(fixture) {
      const { tenants, clinics } = await fixture.setup();
      const [asst, pn] = [freshVapiId("asst"), freshVapiId("pn")];
      await linked(clinics, {});
      assert.equal(await code(tenants.orgForVapi({ assistantId: asst, phoneNumberId: pn })), "UNKNOWN_ORG");
      assert.equal(await code(tenants.orgForVapi({ assistantId: asst, phoneNumberId: null })), "UNKNOWN_ORG");
      assert.equal(await code(tenants.orgForVapi({ assistantId: null, phoneNumberId: pn })), "UNKNOWN_ORG");
      assert.equal(await code(tenants.orgForVapi({ assistantId: null, phoneNumberId: null })), "UNKNOWN_ORG");
    },
  },
  {
    name: "an id's kind matters: an assistant id sent as a phone-number id names nobody",
    async run(fixture) {
      const { tenants, clinics } = await fixture.setup();
      const asst = freshVapiId("asst");
      await linked(clinics, { assistantIds: [asst] });
      assert.equal(await code(tenants.orgForVapi({ assistantId: null, phoneNumberId: asst })), "UNKNOWN_ORG");
    },
  },
  {
    name: "relinking takes effect at once: a released id names nobody, a moved one its new clinic",
    async run(fixture) {
      const { tenants, clinics } = await fixture.setup();
      const [kept, released, moved] = [freshVapiId("asst"), freshVapiId("asst"), freshVapiId("pn")];
      const first = await linked(clinics, { assistantIds: [kept, released], phoneNumberIds: [moved] });
      await unwrap(
        clinics.saveClinic({ mode: "update", settings: first, vapi: { assistantIds: [kept], phoneNumberIds: [] } }),
      );
      const second = await linked(clinics, { phoneNumberIds: [moved] });
      assert.equal(await unwrap(tenants.orgForVapi({ assistantId: kept, phoneNumberId: null })), first.orgId);
      assert.equal(await code(tenants.orgForVapi({ assistantId: released, phoneNumberId: null })), "UNKNOWN_ORG");
      assert.equal(await unwrap(tenants.orgForVapi({ assistantId: null, phoneNumberId: moved })), second.orgId);
    },
  },
];
