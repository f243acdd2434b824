/**
 * @module testing/clinic-catalog.contract
 * One contract for every `ClinicCatalog` (+ the `ClinicDirectory` it shares its clinics with): in
 * memory, PGlite, real Postgres, supabase-js. What we rely on: a created clinic reads back with the
 * staff it was created with (and `getClinic` carries it: the booking's one read); practitioners
 * and services are added, changed and deactivated, never deleted; every refusal (unknown clinic,
 * id in use, a practitioner the clinic does not have, an id the clinic does not have, an inactive
 * or foreign default service, deactivating the default service) writes nothing. Fresh ids per
 * case, so one database can serve all cases.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { ResultAsync } from "neverthrow";
import type { Clinic, ClinicStaff } from "../clinic/clinic.ts";
import type { Practitioner } from "../clinic/practitioner.ts";
import type { Service } from "../clinic/service.ts";
import type { ClinicCatalog } from "../ports/clinic-catalog.port.ts";
import type { ClinicDirectory } from "../ports/clinic-directory.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { clinic } from "./booking-contract-kit.ts";
import { code, unwrap, versionless } from "./contract-assertions.ts";

export interface ClinicCatalogFixture {
  /** A catalog and directory in which these clinics exist with their staff. */
  setup(clinics: readonly Clinic[]): Promise<{ catalog: ClinicCatalog; clinics: ClinicDirectory }>;
}

export interface ClinicCatalogCase {
  readonly name: string;
  run(fixture: ClinicCatalogFixture): Promise<void>;
}

const practitioner = (orgId: OrgId, name: string, extra: Partial<Practitioner> = {}): Practitioner => ({
  id: randomUUID(),
  orgId,
  name,
  active: true,
  calendarId: null,
  openingHours: null,
  ...extra,
});

const service = (
  orgId: OrgId,
  name: string,
  practitionerIds: readonly string[],
  extra: Partial<Service> = {},
): Service => ({
  id: randomUUID(),
  orgId,
  name,
  synonyms: [],
  durationMinutes: 20,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: null,
  minNoticeMinutes: null,
  practitionerIds,
  active: true,
  ...extra,
});

async function oneClinic(fixture: ClinicCatalogFixture) {
  const c = clinic();
  const world = await fixture.setup([c]);
  return { ...world, org: c.orgId, created: c };
}

const staffOf = async (catalog: ClinicCatalog, org: OrgId): Promise<ClinicStaff> => unwrap(catalog.getStaff(org));

export const clinicCatalogContract: readonly ClinicCatalogCase[] = [
  {
    name: "a clinic created with its staff reads back with exactly that staff, through getStaff and getClinic",
    async run(fixture) {
      const { catalog, clinics, org, created } = await oneClinic(fixture);
      assert.deepEqual(await staffOf(catalog, org), created.staff);
      assert.deepEqual(versionless(await unwrap(clinics.getClinic(org))), created);
    },
  },
  {
    name: "practitioners and services are added in order, with every field as given",
    async run(fixture) {
      const { catalog, org, created } = await oneClinic(fixture);
      const hours = { 1: [{ open: "08:00", close: "12:00" }], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] } as const;
      const patel = practitioner(org, "Dr Patel", { calendarId: "patel@example.com", openingHours: hours });
      assert.deepEqual(await unwrap(catalog.createPractitioner(patel)), patel);
      const checkUp = service(org, "check-up", [patel.id], {
        synonyms: ["checkup", "routine check"],
        bufferBeforeMinutes: 5,
        bufferAfterMinutes: 10,
        minNoticeMinutes: 120,
      });
      assert.deepEqual(await unwrap(catalog.createService(checkUp)), checkUp);
      const staff = await staffOf(catalog, org);
      assert.deepEqual(staff.practitioners, [...created.staff.practitioners, patel]);
      assert.deepEqual(staff.services, [...created.staff.services, checkUp]);
    },
  },
  {
    name: "patches change only the fields given; deactivating keeps the practitioner and the service",
    async run(fixture) {
      const { catalog, org, created } = await oneClinic(fixture);
      const sam = practitioner(org, "Sam");
      await unwrap(catalog.createPractitioner(sam));
      const massage = service(org, "massage", [sam.id]);
      await unwrap(catalog.createService(massage));
      const moved = await unwrap(catalog.patchPractitioner(org, sam.id, { name: "Sam Lee", calendarId: "sam@x" }));
      assert.deepEqual(moved, { ...sam, name: "Sam Lee", calendarId: "sam@x" });
      const others = created.staff.practitioners.map((p) => p.id);
      const changed = await unwrap(
        catalog.patchService(org, massage.id, { durationMinutes: 45, practitionerIds: [...others, sam.id] }),
      );
      assert.deepEqual(changed, { ...massage, durationMinutes: 45, practitionerIds: [...others, sam.id] });
      const off = await unwrap(catalog.patchPractitioner(org, sam.id, { active: false }));
      assert.equal(off.active, false);
      assert.equal((await unwrap(catalog.patchService(org, massage.id, { active: false }))).active, false);
      const staff = await staffOf(catalog, org);
      assert.deepEqual(
        staff.practitioners.map((p) => [p.name, p.active]),
        [...created.staff.practitioners.map((p) => [p.name, true]), ["Sam Lee", false]],
      );
      assert.equal(staff.services.find((s) => s.id === massage.id)?.active, false);
    },
  },
  {
    name: "a service naming a practitioner the clinic does not have is INVALID_INPUT on practitionerIds, nothing written",
    async run(fixture) {
      const a = clinic();
      const b = clinic();
      const { catalog } = await fixture.setup([a, b]);
      const strangers = [b.staff.practitioners[0]?.id ?? randomUUID()];
      assert.deepEqual(await refusal(catalog.createService(service(a.orgId, "x-ray", strangers))), [
        "INVALID_INPUT",
        "practitionerIds",
      ]);
      const first = a.staff.services[0];
      assert.ok(first !== undefined);
      const patch = { name: "renamed", practitionerIds: strangers };
      assert.deepEqual(await refusal(catalog.patchService(a.orgId, first.id, patch)), [
        "INVALID_INPUT",
        "practitionerIds",
      ]);
      assert.deepEqual(await staffOf(catalog, a.orgId), a.staff);
    },
  },
  {
    name: "ids: one in use is INVALID_INPUT on id; one the clinic does not have is NOT_IN_CATALOG; an unknown clinic UNKNOWN_ORG",
    async run(fixture) {
      const { catalog, org, created } = await oneClinic(fixture);
      const taken = created.staff.practitioners[0]?.id ?? "";
      assert.equal(await code(catalog.createPractitioner(practitioner(org, "Twin", { id: taken }))), "INVALID_INPUT");
      assert.equal(await code(catalog.patchPractitioner(org, randomUUID(), { name: "Nobody" })), "NOT_IN_CATALOG");
      assert.equal(await code(catalog.patchService(org, randomUUID(), { name: "Nothing" })), "NOT_IN_CATALOG");
      const stranger = randomUUID() as OrgId;
      assert.equal(await code(catalog.getStaff(stranger)), "UNKNOWN_ORG");
      assert.equal(await code(catalog.createPractitioner(practitioner(stranger, "Lost"))), "UNKNOWN_ORG");
      assert.equal(await code(catalog.setPolicy(stranger, { allowDurationOverride: false })), "UNKNOWN_ORG");
      assert.deepEqual(await staffOf(catalog, org), created.staff);
    },
  },
  {
    name: "the policy: a new default must be an active service of the clinic; the default cannot be deactivated",
    async run(fixture) {
      const { catalog, org, created } = await oneClinic(fixture);
      const ids = created.staff.practitioners.map((p) => p.id);
      const longer = service(org, "assessment", ids);
      await unwrap(catalog.createService(longer));
      const policy = await unwrap(
        catalog.setPolicy(org, { defaultServiceId: longer.id, unknownServiceFallsBackToDefault: true }),
      );
      assert.deepEqual(policy, {
        defaultServiceId: longer.id,
        allowDurationOverride: created.staff.policy.allowDurationOverride,
        unknownServiceFallsBackToDefault: true,
      });
      assert.equal(await code(catalog.patchService(org, longer.id, { active: false })), "INVALID_INPUT");
      const old = created.staff.policy.defaultServiceId;
      await unwrap(catalog.patchService(org, old, { active: false }));
      assert.equal(await code(catalog.setPolicy(org, { defaultServiceId: old })), "INVALID_INPUT");
      assert.equal(await code(catalog.setPolicy(org, { defaultServiceId: randomUUID() })), "INVALID_INPUT");
      assert.deepEqual((await staffOf(catalog, org)).policy, policy);
    },
  },
];

/** A refusal's code and field (`undefined` when it names none). */
async function refusal<T, E extends { code: string }>(r: ResultAsync<T, E>): Promise<[string, unknown]> {
  const result = await r;
  assert.ok(result.isErr(), "expected a refusal");
  const e = result.error;
  return [e.code, "field" in e ? e.field : undefined];
}
