/** The admin's catalog use cases: input refused naming the field, nothing written; ids chosen by the IdGenerator. */
import { describe, expect, it } from "vitest";
import {
  addPractitioner,
  addService,
  type CatalogDeps,
  changePolicy,
  changePractitioner,
  changeService,
  listStaff,
} from "../../src/index.ts";
import {
  InMemoryClinicCatalog,
  InMemoryClinicDirectory,
  MemoryDatabase,
  SequentialIds,
} from "../../src/testing/index.ts";
import { PHYSIO, physioClinic, sam } from "../support/staffed-clinic.ts";

function world() {
  const db = new MemoryDatabase();
  new InMemoryClinicDirectory(db).add(physioClinic());
  const deps: CatalogDeps = { catalog: new InMemoryClinicCatalog(db), ids: new SequentialIds("cafe") };
  return { deps, before: physioClinic().staff };
}

describe("catalog input", () => {
  it("a practitioner: trimmed name, their id from the generator; blank names and bad or overlapping hours refused", async () => {
    const { deps, before } = world();
    const added = (await addPractitioner(deps, PHYSIO, { name: "  Dr Okafor " }))._unsafeUnwrap();
    expect(added).toEqual({
      id: "0000cafe-0000-4000-8000-000000000001",
      orgId: PHYSIO,
      name: "Dr Okafor",
      active: true,
      calendarId: null,
      openingHours: null,
    });
    const week = { 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
    const refusals = [
      { name: " " },
      { name: "Dr X", calendarId: "  " },
      { name: "Dr X", openingHours: { 1: [{ open: "9:00", close: "12:00" }], ...week } },
      { name: "Dr X", openingHours: { 1: [{ open: "12:00", close: "09:00" }], ...week } },
      {
        name: "Dr X",
        openingHours: {
          1: [
            { open: "09:00", close: "12:00" },
            { open: "11:30", close: "14:00" },
          ],
          ...week,
        },
      },
    ];
    const fields = [];
    for (const input of refusals) {
      const r = await addPractitioner(deps, PHYSIO, input);
      fields.push(r.isErr() ? [r.error.code, "field" in r.error ? r.error.field : null] : "accepted");
    }
    expect(fields).toEqual([
      ["INVALID_INPUT", "name"],
      ["INVALID_INPUT", "calendarId"],
      ["INVALID_INPUT", "openingHours"],
      ["INVALID_INPUT", "openingHours"],
      ["INVALID_INPUT", "openingHours"],
    ]);
    expect((await listStaff(deps, PHYSIO))._unsafeUnwrap().practitioners).toEqual([...before.practitioners, added]);
  });

  it("a service: zero or fractional length, negative buffers, no practitioners or a stranger are refused, naming the field", async () => {
    const { deps, before } = world();
    const base = { name: "x-ray", durationMinutes: 15, practitionerIds: [sam.id] };
    const cases = [
      { ...base, durationMinutes: 0 },
      { ...base, durationMinutes: 12.5 },
      { ...base, bufferMinutes: -5 },
      { ...base, bufferBeforeMinutes: -1 },
      { ...base, practitionerIds: [] },
      { ...base, practitionerIds: [sam.id, sam.id] },
      { ...base, practitionerIds: ["p-nobody"] },
      { ...base, name: "" },
    ];
    const fields = [];
    for (const input of cases) {
      const r = await addService(deps, PHYSIO, input);
      fields.push(r.isErr() && "field" in r.error ? r.error.field : "accepted");
    }
    expect(fields).toEqual([
      "durationMinutes",
      "durationMinutes",
      "bufferMinutes",
      "bufferBeforeMinutes",
      "practitionerIds",
      "practitionerIds",
      "practitionerIds",
      "name",
    ]);
    expect((await listStaff(deps, PHYSIO))._unsafeUnwrap()).toEqual(before);
    const ok = (await addService(deps, PHYSIO, { ...base, bufferMinutes: 10, synonyms: [" xray "] }))._unsafeUnwrap();
    expect(ok).toMatchObject({ name: "x-ray", bufferAfterMinutes: 10, bufferBeforeMinutes: 0, synonyms: ["xray"] });
  });

  it("changes and deactivation go through the same checks; the policy names an active service", async () => {
    const { deps } = world();
    expect((await changeService(deps, PHYSIO, "s-check", { durationMinutes: 0 }))._unsafeUnwrapErr()).toMatchObject({
      code: "INVALID_INPUT",
      field: "durationMinutes",
    });
    expect((await changeService(deps, PHYSIO, "s-massage", { active: false }))._unsafeUnwrap().active).toBe(false);
    expect((await changePractitioner(deps, PHYSIO, sam.id, { active: false }))._unsafeUnwrap().active).toBe(false);
    expect((await changePractitioner(deps, PHYSIO, "p-nobody", { name: "X" }))._unsafeUnwrapErr().code).toBe(
      "NOT_IN_CATALOG",
    );
    expect((await changePolicy(deps, PHYSIO, { defaultServiceId: "s-massage" }))._unsafeUnwrapErr()).toMatchObject({
      code: "INVALID_INPUT",
      field: "defaultServiceId",
    });
  });
});
