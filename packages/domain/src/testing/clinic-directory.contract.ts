/**
 * @module testing/clinic-directory.contract
 * One contract for every `ClinicDirectory`: in memory, PGlite, real Postgres, supabase-js. What we
 * rely on: saving is all or nothing (a create of an existing clinic, an update of a missing one, a
 * blank Vapi id or one of another clinic refuses and writes nothing), an absent id list keeps the
 * clinic's ids and a given one replaces them, records come back sorted and de-duplicated, and
 * `listClinics` orders by name, then id. Each case throws (node:assert) on failure:
 * `for (const c of clinicDirectoryContract) it(c.name, () => c.run(fixture))`. Every case uses
 * fresh org ids and fresh Vapi ids, so one database can serve all cases.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { type ClinicStaff, defaultStaff } from "../clinic/clinic.ts";
import { type ClinicSettings, defaultClinicSettings } from "../clinic/clinic-settings.ts";
import type { ClinicDirectory, ClinicRecord, SaveClinicCommand, VapiLinks } from "../ports/clinic-directory.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { code, unwrap, versionless } from "./contract-assertions.ts";

export interface ClinicDirectoryFixture {
  /** A directory over a database that may already hold other cases' clinics. */
  setup(): Promise<ClinicDirectory>;
}

export interface ClinicDirectoryCase {
  readonly name: string;
  run(fixture: ClinicDirectoryFixture): Promise<void>;
}

/** A fresh clinic's settings (a new org id). */
export function contractClinic(overrides: Partial<ClinicSettings> = {}): ClinicSettings {
  return { ...defaultClinicSettings(randomUUID() as OrgId, "Contract Clinic"), ...overrides };
}

/** A new clinic's staff: one practitioner on the clinic's calendar, one service of its slot length, the default. */
function assertDefaultStaff(staff: ClinicStaff, settings: ClinicSettings): void {
  const [p] = staff.practitioners;
  const [s] = staff.services;
  assert.equal(staff.practitioners.length, 1);
  assert.equal(staff.services.length, 1);
  assert.ok(p !== undefined && s !== undefined);
  assert.deepEqual(staff, defaultStaff(settings, { practitionerId: p.id, serviceId: s.id }));
}

/** A fresh Vapi id nobody else uses: `asst_…` / `pn_…`. */
export const freshVapiId = (prefix: "asst" | "pn"): string => `${prefix}_${randomUUID()}`;

const create = (settings: ClinicSettings, vapi: Partial<VapiLinks> = {}): SaveClinicCommand => ({
  mode: "create",
  settings,
  vapi,
});
const update = (settings: ClinicSettings, vapi: Partial<VapiLinks> = {}): SaveClinicCommand => ({
  mode: "update",
  settings,
  vapi,
});

/** The refusal's code, field and message; fails the case when the save succeeded. */
async function refusal(directory: ClinicDirectory, command: SaveClinicCommand) {
  const result = await directory.saveClinic(command);
  if (result.isOk()) assert.fail(`expected a refusal, got ${JSON.stringify(result.value)}`);
  const e = result.error;
  return { code: e.code, field: "field" in e ? e.field : null, message: e.message };
}

const record = (
  settings: ClinicSettings,
  assistantIds: string[] = [],
  phoneNumberIds: string[] = [],
): ClinicRecord => ({
  settings,
  vapi: { assistantIds, phoneNumberIds },
});

const sorted = (ids: readonly string[]) => [...ids].sort();

export const clinicDirectoryContract: readonly ClinicDirectoryCase[] = [
  {
    name: "create stores the settings and the Vapi ids, sorted and de-duplicated, and every read agrees",
    async run(fixture) {
      const clinics = await fixture.setup();
      const settings = contractClinic({
        zone: "America/New_York",
        region: "US",
        slotMinutes: 20,
        bufferMinutes: 5,
        calendarId: "front-desk",
      });
      const tail = randomUUID();
      const [a, b, pn] = [`asst_a_${tail}`, `asst_b_${tail}`, freshVapiId("pn")];
      const saved = await unwrap(
        clinics.saveClinic(create(settings, { assistantIds: [b, a, b], phoneNumberIds: [pn] })),
      );
      const expected = record(settings, [a, b], [pn]);
      assert.deepEqual(saved, expected);
      assert.deepEqual(await unwrap(clinics.getClinicRecord(settings.orgId)), expected);
      const { staff, ...stored } = versionless(await unwrap(clinics.getClinic(settings.orgId)));
      assert.deepEqual(stored, settings);
      assertDefaultStaff(staff, settings);
      const listed = (await unwrap(clinics.listClinics())).find((c) => c.settings.orgId === settings.orgId);
      assert.deepEqual(listed, expected);
    },
  },
  {
    name: "a clinic created without Vapi ids has none",
    async run(fixture) {
      const clinics = await fixture.setup();
      const settings = contractClinic();
      assert.deepEqual(await unwrap(clinics.saveClinic(create(settings))), record(settings));
      assert.deepEqual(await unwrap(clinics.getClinicRecord(settings.orgId)), record(settings));
    },
  },
  {
    name: "an unknown clinic is UNKNOWN_ORG for getClinic and getClinicRecord",
    async run(fixture) {
      const clinics = await fixture.setup();
      const stranger = randomUUID() as OrgId;
      assert.equal(await code(clinics.getClinic(stranger)), "UNKNOWN_ORG");
      assert.equal(await code(clinics.getClinicRecord(stranger)), "UNKNOWN_ORG");
    },
  },
  {
    name: "create of an existing clinic is INVALID_INPUT on id and changes nothing",
    async run(fixture) {
      const clinics = await fixture.setup();
      const settings = contractClinic({ name: "First Name" });
      const asst = freshVapiId("asst");
      await unwrap(clinics.saveClinic(create(settings, { assistantIds: [asst] })));
      const again = await refusal(
        clinics,
        create({ ...settings, name: "Second Name" }, { assistantIds: [freshVapiId("asst")] }),
      );
      assert.deepEqual(again, { code: "INVALID_INPUT", field: "id", message: "A clinic with this id already exists." });
      assert.deepEqual(await unwrap(clinics.getClinicRecord(settings.orgId)), record(settings, [asst]));
    },
  },
  {
    name: "update of a missing clinic is UNKNOWN_ORG and creates nothing",
    async run(fixture) {
      const clinics = await fixture.setup();
      const settings = contractClinic();
      const refused = await refusal(clinics, update(settings, { assistantIds: [freshVapiId("asst")] }));
      assert.equal(refused.code, "UNKNOWN_ORG");
      assert.equal(await code(clinics.getClinic(settings.orgId)), "UNKNOWN_ORG");
      const listed = await unwrap(clinics.listClinics());
      assert.equal(
        listed.some((c) => c.settings.orgId === settings.orgId),
        false,
      );
    },
  },
  {
    name: "update replaces the settings; an absent id list keeps the clinic's ids, a given one replaces them",
    async run(fixture) {
      const clinics = await fixture.setup();
      const settings = contractClinic();
      const [a1, a2, p1, p2] = [freshVapiId("asst"), freshVapiId("asst"), freshVapiId("pn"), freshVapiId("pn")];
      await unwrap(clinics.saveClinic(create(settings, { assistantIds: [a1], phoneNumberIds: [p1] })));
      const renamed = { ...settings, name: "Renamed Clinic", slotMinutes: 15, minNoticeMinutes: 0 };
      assert.deepEqual(await unwrap(clinics.saveClinic(update(renamed))), record(renamed, [a1], [p1]));
      const relinked = await unwrap(clinics.saveClinic(update(renamed, { assistantIds: [a2, a1] })));
      assert.deepEqual(relinked, record(renamed, sorted([a1, a2]), [p1]));
      const moved = await unwrap(clinics.saveClinic(update(renamed, { assistantIds: [a2], phoneNumberIds: [p2] })));
      assert.deepEqual(moved, record(renamed, [a2], [p2]));
      const cleared = await unwrap(clinics.saveClinic(update(renamed, { assistantIds: [], phoneNumberIds: [] })));
      assert.deepEqual(cleared, record(renamed));
      assert.deepEqual(await unwrap(clinics.getClinicRecord(settings.orgId)), record(renamed));
    },
  },
  {
    name: "saving a clinic with the ids it already has is no conflict",
    async run(fixture) {
      const clinics = await fixture.setup();
      const settings = contractClinic();
      const [asst, pn] = [freshVapiId("asst"), freshVapiId("pn")];
      const links = { assistantIds: [asst], phoneNumberIds: [pn] };
      await unwrap(clinics.saveClinic(create(settings, links)));
      assert.deepEqual(await unwrap(clinics.saveClinic(update(settings, links))), record(settings, [asst], [pn]));
    },
  },
  {
    name: "a blank Vapi id is INVALID_INPUT on its list, and nothing is written",
    async run(fixture) {
      const clinics = await fixture.setup();
      const settings = contractClinic();
      const blankAssistant = await refusal(clinics, create(settings, { assistantIds: [freshVapiId("asst"), ""] }));
      assert.deepEqual(blankAssistant, {
        code: "INVALID_INPUT",
        field: "vapiAssistantIds",
        message: "An id is blank.",
      });
      assert.equal(await code(clinics.getClinic(settings.orgId)), "UNKNOWN_ORG");

      const asst = freshVapiId("asst");
      await unwrap(clinics.saveClinic(create(settings, { assistantIds: [asst] })));
      const changed = { ...settings, name: "Should Not Stick" };
      const blankNumber = await refusal(clinics, update(changed, { assistantIds: [], phoneNumberIds: ["   "] }));
      assert.deepEqual(blankNumber, { code: "INVALID_INPUT", field: "vapiPhoneNumberIds", message: "An id is blank." });
      assert.deepEqual(await unwrap(clinics.getClinicRecord(settings.orgId)), record(settings, [asst]));
    },
  },
  {
    name: "an assistant id of another clinic is INVALID_INPUT naming it, and nothing is written",
    async run(fixture) {
      const clinics = await fixture.setup();
      const owner = contractClinic();
      const other = contractClinic();
      const [taken, mine, fresh] = [freshVapiId("asst"), freshVapiId("asst"), freshVapiId("asst")];
      await unwrap(clinics.saveClinic(create(owner, { assistantIds: [taken] })));
      const onCreate = await refusal(clinics, create(other, { assistantIds: [fresh, taken] }));
      assert.deepEqual(onCreate, {
        code: "INVALID_INPUT",
        field: "vapiAssistantIds",
        message: `${taken} already belongs to another clinic.`,
      });
      assert.equal(await code(clinics.getClinic(other.orgId)), "UNKNOWN_ORG");

      await unwrap(clinics.saveClinic(create(other, { assistantIds: [mine] })));
      const onUpdate = await refusal(
        clinics,
        update({ ...other, name: "Should Not Stick" }, { assistantIds: [taken] }),
      );
      assert.equal(onUpdate.field, "vapiAssistantIds");
      assert.deepEqual(await unwrap(clinics.getClinicRecord(other.orgId)), record(other, [mine]));
      assert.deepEqual(await unwrap(clinics.getClinicRecord(owner.orgId)), record(owner, [taken]));
    },
  },
  {
    name: "a phone-number id of another clinic is INVALID_INPUT naming it, and nothing is written",
    async run(fixture) {
      const clinics = await fixture.setup();
      const owner = contractClinic();
      const other = contractClinic();
      const [taken, asst] = [freshVapiId("pn"), freshVapiId("asst")];
      await unwrap(clinics.saveClinic(create(owner, { phoneNumberIds: [taken] })));
      const refused = await refusal(clinics, create(other, { assistantIds: [asst], phoneNumberIds: [taken] }));
      assert.deepEqual(refused, {
        code: "INVALID_INPUT",
        field: "vapiPhoneNumberIds",
        message: `${taken} already belongs to another clinic.`,
      });
      assert.equal(await code(clinics.getClinic(other.orgId)), "UNKNOWN_ORG");
      // The refused save mapped nothing: its assistant id is still free.
      await unwrap(clinics.saveClinic(create(other, { assistantIds: [asst] })));
      assert.deepEqual(await unwrap(clinics.getClinicRecord(owner.orgId)), record(owner, [], [taken]));
    },
  },
  {
    name: "an id released by one clinic can be linked to another",
    async run(fixture) {
      const clinics = await fixture.setup();
      const first = contractClinic();
      const second = contractClinic();
      const [asst, pn] = [freshVapiId("asst"), freshVapiId("pn")];
      await unwrap(clinics.saveClinic(create(first, { assistantIds: [asst], phoneNumberIds: [pn] })));
      await unwrap(clinics.saveClinic(create(second)));
      await unwrap(clinics.saveClinic(update(first, { assistantIds: [], phoneNumberIds: [] })));
      const linked = await unwrap(clinics.saveClinic(update(second, { assistantIds: [asst], phoneNumberIds: [pn] })));
      assert.deepEqual(linked, record(second, [asst], [pn]));
      assert.deepEqual(await unwrap(clinics.getClinicRecord(first.orgId)), record(first));
    },
  },
  {
    name: "listClinics returns every clinic with its ids, ordered by name, then id",
    async run(fixture) {
      const clinics = await fixture.setup();
      const tail = randomUUID().slice(0, 8);
      const zulu = contractClinic({ name: `Zulu ${tail}` });
      // Two clinics of one name, saved in descending id order: only the id can order them.
      const twins = [contractClinic({ name: `Middle ${tail}` }), contractClinic({ name: `Middle ${tail}` })].sort(
        (a, b) => (a.orgId < b.orgId ? 1 : -1),
      );
      const alpha = contractClinic({ name: `Alpha ${tail}` });
      const asst = freshVapiId("asst");
      await unwrap(clinics.saveClinic(create(zulu, { assistantIds: [asst] })));
      for (const settings of [...twins, alpha]) await unwrap(clinics.saveClinic(create(settings)));
      const ids = new Set([zulu, ...twins, alpha].map((s) => s.orgId));
      const listed = (await unwrap(clinics.listClinics())).filter((c) => ids.has(c.settings.orgId));
      const middle = [...twins].reverse().map((s) => record(s));
      assert.deepEqual(listed, [record(alpha), ...middle, record(zulu, [asst])]);
    },
  },
];
