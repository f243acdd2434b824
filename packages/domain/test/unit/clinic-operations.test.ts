/**
 * The operator's use cases: onboarding and changing a clinic in one atomic directory call, and
 * the readiness report.
 */
import { describe, expect, it } from "vitest";
import {
  changeClinic,
  checkReadiness,
  DomainErrors,
  defaultClinicSettings,
  type OrgId,
  onboardClinic,
} from "../../src/index.ts";
import {
  InMemoryClinicDirectory,
  InMemoryIntegrationStore,
  InMemorySchemaStatus,
  InMemorySyncOutbox,
  MemoryDatabase,
  SequentialIds,
} from "../../src/testing/index.ts";

function directory() {
  const db = new MemoryDatabase();
  return { db, clinics: new InMemoryClinicDirectory(db), ids: new SequentialIds() };
}

describe("onboardClinic", () => {
  it("creates the clinic with its Vapi ids in one call, choosing its id when none is given", async () => {
    const deps = directory();
    const created = (
      await onboardClinic(deps, {
        settings: (orgId) => defaultClinicSettings(orgId, "Harbour Street Clinic"),
        vapi: { assistantIds: ["asst_b", "asst_a"] },
      })
    )._unsafeUnwrap();
    expect(created.settings.name).toBe("Harbour Street Clinic");
    expect(created.vapi).toEqual({ assistantIds: ["asst_a", "asst_b"], phoneNumberIds: [] });
    expect((await deps.clinics.getClinicRecord(created.settings.orgId))._unsafeUnwrap()).toEqual(created);
  });

  it("refuses another clinic's assistant and writes nothing", async () => {
    const deps = directory();
    const first = (
      await onboardClinic(deps, {
        settings: (id) => defaultClinicSettings(id, "First"),
        vapi: { assistantIds: ["asst_x"] },
      })
    )._unsafeUnwrap();
    const second = await onboardClinic(deps, {
      settings: (id) => defaultClinicSettings(id, "Second"),
      vapi: { assistantIds: ["asst_x"] },
    });
    expect(second._unsafeUnwrapErr()).toMatchObject({ code: "INVALID_INPUT", field: "vapiAssistantIds" });
    expect((await deps.clinics.listClinics())._unsafeUnwrap()).toEqual([first]);
  });

  it("refuses an id that exists", async () => {
    const deps = directory();
    const orgId = "5d3c1a52-3d7e-4e0a-9c55-6a1f1b2f3c4d" as OrgId;
    const settings = (id: OrgId) => defaultClinicSettings(id, "Twice");
    (await onboardClinic(deps, { orgId, settings, vapi: {} }))._unsafeUnwrap();
    const again = await onboardClinic(deps, { orgId, settings, vapi: {} });
    expect(again._unsafeUnwrapErr()).toMatchObject({ code: "INVALID_INPUT", field: "id" });
  });
});

describe("changeClinic", () => {
  it("changes only what the operator named and keeps the ids not mentioned", async () => {
    const deps = directory();
    const created = (
      await onboardClinic(deps, {
        settings: (id) => defaultClinicSettings(id, "Before"),
        vapi: { assistantIds: ["asst_1"], phoneNumberIds: ["pn_1"] },
      })
    )._unsafeUnwrap();
    const changed = (
      await changeClinic(deps, created.settings.orgId, {
        settings: (current) => ({ ...current, name: "After" }),
        vapi: { phoneNumberIds: ["pn_2"] },
      })
    )._unsafeUnwrap();
    expect(changed.settings).toEqual({ ...created.settings, name: "After" });
    expect(changed.vapi).toEqual({ assistantIds: ["asst_1"], phoneNumberIds: ["pn_2"] });
  });

  it("an unknown or malformed clinic id is UNKNOWN_ORG", async () => {
    const deps = directory();
    const change = { settings: (c: ReturnType<typeof defaultClinicSettings>) => c, vapi: {} };
    expect((await changeClinic(deps, "not-a-uuid", change))._unsafeUnwrapErr()).toEqual(DomainErrors.unknownOrg());
    const missing = "9a1f1b2f-3d7e-4e0a-9c55-6a1f1b2f3c4d";
    expect((await changeClinic(deps, missing, change))._unsafeUnwrapErr()).toEqual(DomainErrors.unknownOrg());
  });
});

describe("checkReadiness", () => {
  const outboxOf = (db: MemoryDatabase) => new InMemorySyncOutbox(db);

  it("ready when the schema is current; reports the links needing a reconnect", async () => {
    const db = new MemoryDatabase();
    const integrations = new InMemoryIntegrationStore();
    const org = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
    (
      await integrations.save({
        orgId: org,
        provider: "google",
        calendarId: "primary",
        tokens: { accessToken: null, refreshToken: "r", expiresAt: null, scope: null },
      })
    )._unsafeUnwrap();
    (await integrations.markReauthRequired(org, "invalid_grant"))._unsafeUnwrap();
    const report = await checkReadiness({
      schema: new InMemorySchemaStatus({ expected: "2", actual: "2" }),
      outbox: outboxOf(db),
      calendar: { provider: "google", integrations },
    });
    expect(report).toMatchObject({
      ready: true,
      database: "ok",
      calendar: "google",
      integrations: [{ orgId: org, status: "reauth_required", statusReason: "invalid_grant" }],
      outbox: { due: 0, scheduled: 0, parked: 0, oldestDueAt: null },
    });
  });

  it("not ready when the schema is behind or the database does not answer", async () => {
    const db = new MemoryDatabase();
    const behind = await checkReadiness({
      schema: new InMemorySchemaStatus({ expected: "2", actual: "1" }),
      outbox: outboxOf(db),
      calendar: null,
    });
    expect([behind.ready, behind.database, behind.calendar]).toEqual([false, "ok", "none"]);
    const down = new InMemorySchemaStatus({ expected: "2", actual: "2" });
    down.setUnavailable("connection refused");
    const unreachable = await checkReadiness({ schema: down, outbox: outboxOf(db), calendar: null });
    expect([unreachable.ready, unreachable.database, unreachable.migrations]).toEqual([false, "unreachable", null]);
  });
});
