/**
 * checkReadiness, verbose: one line per check with its fix, ready only when none fails; the
 * quick report (load balancers) judges only the database and its migrations.
 */
import { describe, expect, it } from "vitest";
import {
  type ClinicSyncState,
  checkReadiness,
  type DeploymentFacts,
  type OrgId,
  type ReadinessCheck,
  type ReadinessDeps,
} from "../../src/index.ts";
import {
  InMemoryIntegrationStore,
  InMemorySchemaStatus,
  InMemorySyncOutbox,
  MemoryDatabase,
} from "../../src/testing/index.ts";

const ORG = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
const OTHER = "9a1f1b2f-3d7e-4e0a-9c55-6a1f1b2f3c4d" as OrgId;
const NOW = new Date("2026-11-21T10:00:00Z");

const development: DeploymentFacts = {
  production: false,
  database: "embedded",
  publicUrl: "http://localhost:3000",
  host: "127.0.0.1",
  vapiSecretSet: false,
  adminTokenSet: false,
  workerEnabled: true,
};

const production: DeploymentFacts = {
  production: true,
  database: "postgres",
  publicUrl: "https://book.example.com",
  host: "0.0.0.0",
  vapiSecretSet: true,
  adminTokenSet: true,
  workerEnabled: true,
};

const emptyOutbox = { due: 0, scheduled: 0, parked: 0, oldestDueAt: null, clinics: [] };

function clinic(overrides: Partial<ClinicSyncState> = {}): ClinicSyncState {
  return {
    orgId: ORG,
    name: "Demo",
    zone: "Europe/London",
    link: null,
    lastSyncedAt: null,
    outbox: emptyOutbox,
    ...overrides,
  };
}

function world(options: { facts?: DeploymentFacts; calendar?: boolean; clinics?: ClinicSyncState[] } = {}) {
  const schema = new InMemorySchemaStatus({ expected: "2", actual: "2" });
  schema.setClinicStates(options.clinics ?? [clinic()]);
  const integrations = new InMemoryIntegrationStore({ keys: ["new", "old"] });
  const deps: ReadinessDeps = {
    schema,
    outbox: new InMemorySyncOutbox(new MemoryDatabase()),
    calendar: options.calendar === true ? { provider: "google", integrations } : null,
    ...(options.facts === undefined ? {} : { deployment: options.facts }),
  };
  return { schema, integrations, deps };
}

const byName = (checks: readonly ReadinessCheck[], name: string) => checks.find((c) => c.name === name);
const statuses = (checks: readonly ReadinessCheck[]) => Object.fromEntries(checks.map((c) => [c.name, c.status]));

describe("checkReadiness", () => {
  it("quick: only the database and its migrations, whatever the schema checks say", async () => {
    const { schema, deps } = world({ facts: development });
    schema.breakCheck("constraint ex_appointments_practitioner_no_overlap", "missing", "alter table …");
    const report = await checkReadiness(deps);
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([
      ["database reachable", "pass"],
      ["migrations current", "pass"],
    ]);
    expect(report.ready).toBe(true);
  });

  it("verbose, embedded development default: ready, the missing Vapi secret and admin token are warnings", async () => {
    const report = await checkReadiness(world({ facts: development }).deps, { verbose: true, now: NOW });
    expect(report.ready).toBe(true);
    expect(statuses(report.checks)).toEqual({
      configuration: "pass",
      "configuration: ADMIN_TOKEN": "warn",
      "Vapi secret": "warn",
      "database reachable": "pass",
      "migrations current": "pass",
      "extension btree_gist": "pass",
      "constraint uq_contacts_org_phone": "pass",
      "constraint ex_appointments_practitioner_no_overlap": "pass",
      "column appointments.contact_id nullable": "pass",
      "row level security on every table": "pass",
      "functions closed to client roles": "pass",
      calendar: "pass",
      [`clinic "Demo" (${ORG}): zone`]: "pass",
      [`clinic "Demo" (${ORG}): outbox`]: "pass",
    });
    for (const c of report.checks) expect(c.fix === null).toBe(c.status === "pass");
  });

  it("a broken schema check fails the report, naming the object and carrying its fix", async () => {
    const { schema, deps } = world({ facts: production });
    schema.breakCheck(
      "constraint ex_appointments_practitioner_no_overlap",
      "missing",
      "alter table appointments add constraint …",
    );
    const report = await checkReadiness(deps, { verbose: true });
    expect(report.ready).toBe(false);
    expect(byName(report.checks, "constraint ex_appointments_practitioner_no_overlap")).toEqual({
      name: "constraint ex_appointments_practitioner_no_overlap",
      status: "fail",
      detail: "missing",
      fix: "alter table appointments add constraint …",
    });
  });

  it("migrations: never migrated, behind and ahead each fail with the fix for the database in use", async () => {
    const { schema, deps } = world({ facts: production });
    schema.setActual(null);
    const never = byName((await checkReadiness(deps, { verbose: true })).checks, "migrations current");
    expect(never).toMatchObject({
      status: "fail",
      detail: "never migrated",
      fix: expect.stringContaining("pnpm db:migrate"),
    });
    schema.setActual("1");
    const behind = await checkReadiness(deps);
    expect([behind.ready, byName(behind.checks, "migrations current")?.detail]).toEqual([
      false,
      "schema 1, this code expects 2",
    ]);
    schema.setActual("3");
    expect(byName((await checkReadiness(deps)).checks, "migrations current")?.fix).toContain("deploy the release");
  });

  it("an unreachable database is one failing line with its fix, and nothing else is judged", async () => {
    const { schema, deps } = world({ facts: { ...production, database: "supabase" } });
    schema.setUnavailable("connect ECONNREFUSED");
    const report = await checkReadiness(deps, { verbose: true });
    expect(report.ready).toBe(false);
    expect(byName(report.checks, "database reachable")).toEqual({
      name: "database reachable",
      status: "fail",
      detail: "no answer: connect ECONNREFUSED",
      fix: "check SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY, and that the project is not paused",
    });
    expect(report.checks.filter((c) => c.name.startsWith("clinic") || c.name.startsWith("constraint"))).toEqual([]);
  });

  it("production: an http or loopback PUBLIC_URL and a missing Vapi secret fail; a loopback HOST warns", async () => {
    const facts = { ...production, publicUrl: "http://book.example.com", host: "127.0.0.1", vapiSecretSet: false };
    const report = await checkReadiness(world({ facts }).deps, { verbose: true });
    expect(statuses(report.checks)).toMatchObject({
      "configuration: PUBLIC_URL": "fail",
      "configuration: HOST": "warn",
      "Vapi secret": "fail",
    });
    expect(byName(report.checks, "configuration")).toBeUndefined();
    const loopback = await checkReadiness(world({ facts: { ...production, publicUrl: "https://localhost" } }).deps, {
      verbose: true,
    });
    expect(byName(loopback.checks, "configuration: PUBLIC_URL")?.status).toBe("fail");
  });

  it("each clinic: a zone that is not an IANA zone fails; a link needing reconnecting fails with the connect route", async () => {
    const reauth = clinic({
      name: "Harbour",
      link: { status: "reauth_required", statusReason: "invalid_grant", updatedAt: NOW },
    });
    const wrongZone = clinic({ orgId: OTHER, name: "Riverside", zone: "Mars/Olympus", link: null });
    const { deps } = world({ facts: production, calendar: true, clinics: [reauth, wrongZone] });
    const report = await checkReadiness(deps, { verbose: true, now: NOW });
    expect(report.ready).toBe(false);
    expect(byName(report.checks, `clinic "Harbour" (${ORG}): calendar`)).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("invalid_grant"),
      fix: expect.stringContaining(`POST /api/admin/clinics/${ORG}/google/connect`),
    });
    expect(byName(report.checks, `clinic "Riverside" (${OTHER}): zone`)?.status).toBe("fail");
    expect(byName(report.checks, `clinic "Riverside" (${OTHER}): calendar`)?.status).toBe("warn");
  });

  it("each clinic's outbox: due jobs waiting past the limit fail (nothing works the outbox), fresh ones pass", async () => {
    const old = new Date(NOW.getTime() - 20 * 60_000);
    const stale = clinic({
      link: { status: "active", statusReason: null, updatedAt: NOW },
      outbox: { due: 3, scheduled: 1, parked: 0, oldestDueAt: old },
    });
    const { deps } = world({ facts: { ...production, workerEnabled: false }, calendar: true, clinics: [stale] });
    const line = byName(
      (await checkReadiness(deps, { verbose: true, now: NOW })).checks,
      `clinic "Demo" (${ORG}): outbox`,
    );
    expect(line).toMatchObject({ status: "fail", detail: expect.stringContaining("waiting 20 minutes") });
    expect(line?.detail).toContain("WORKER_ENABLED=false");
    const soon = new Date(old.getTime() + 10 * 60_000);
    const fresh = await checkReadiness(deps, { verbose: true, now: soon });
    expect(byName(fresh.checks, `clinic "Demo" (${ORG}): outbox`)?.status).toBe("pass");
    const noCalendar = await checkReadiness({ ...deps, calendar: null }, { verbose: true, now: NOW });
    expect(byName(noCalendar.checks, `clinic "Demo" (${ORG}): outbox`)?.status).toBe("warn");
  });

  it("token keys: links on a previous key warn (rotate), links no key opens fail", async () => {
    const { deps, integrations } = world({ facts: production, calendar: true });
    const tokens = { accessToken: null, refreshToken: "r", expiresAt: null, scope: null };
    const link = { provider: "google" as const, calendarId: "primary", tokens };
    await integrations.withKeys(["old"]).save({ ...link, orgId: ORG });
    const name = "calendar tokens on the current key";
    const previous = byName((await checkReadiness(deps, { verbose: true })).checks, name);
    expect(previous).toMatchObject({ status: "warn", detail: expect.stringContaining(ORG) });
    expect(previous?.fix).toContain("pnpm tokens:rotate");
    await integrations.withKeys(["lost"]).save({ ...link, orgId: OTHER });
    const lost = byName((await checkReadiness(deps, { verbose: true })).checks, name);
    expect(lost).toMatchObject({ status: "fail", detail: expect.stringContaining(OTHER) });
    await integrations.withKeys(["new"]).save({ ...link, orgId: OTHER });
    (await integrations.rotateKeys())._unsafeUnwrap();
    const rotated = byName((await checkReadiness(deps, { verbose: true })).checks, name);
    expect(rotated).toEqual({ name, status: "pass", detail: "2 link(s), all on the current key", fix: null });
  });
});
