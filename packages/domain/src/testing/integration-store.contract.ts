/**
 * @module testing/integration-store.contract
 * One contract for every `IntegrationStore`: in memory, PGlite, real Postgres, supabase-js.
 * Like the booking-store contract, each case is a plain async function that throws (node:assert)
 * on failure: `for (const c of integrationStoreContract) it(c.name, () => c.run(fixture))`.
 * Every case uses fresh org ids, so one database can serve all cases. `tokenKeyRotationContract`
 * is the key-rotation half, for stores that encrypt with named keys (current first).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { type ClinicSettings, defaultClinicSettings } from "../clinic/clinic-settings.ts";
import type {
  CalendarIntegration,
  CalendarTokens,
  IntegrationStore,
  KeyRotationReport,
  TokenKeyState,
} from "../ports/integration-store.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { code, unwrap } from "./contract-assertions.ts";

export interface IntegrationContractFixture {
  /** An integration store in which these clinics exist (and none of them is linked yet). */
  setup(clinics: readonly ClinicSettings[]): Promise<IntegrationStore>;
}

export interface IntegrationContractCase {
  readonly name: string;
  run(fixture: IntegrationContractFixture): Promise<void>;
}

type Linking = Omit<CalendarIntegration, "status" | "statusReason">;

const tokens = (n: number, overrides: Partial<CalendarTokens> = {}): CalendarTokens => ({
  accessToken: `ya29.access-${n}`,
  refreshToken: `1//refresh-${n}-${randomUUID()}`,
  expiresAt: Date.parse("2027-01-12T10:00:00.123Z") + n * 1000,
  scope: "https://www.googleapis.com/auth/calendar.events",
  ...overrides,
});

const linking = (orgId: OrgId, n: number, overrides: Partial<Linking> = {}): Linking => ({
  orgId,
  provider: "google",
  calendarId: `clinic-${n}@group.calendar.google.com`,
  tokens: tokens(n),
  ...overrides,
});

async function clinics(fixture: IntegrationContractFixture, n: number) {
  const settings = Array.from({ length: n }, () => defaultClinicSettings(randomUUID() as OrgId, "Contract Clinic"));
  const store = await fixture.setup(settings);
  return { store, orgs: settings.map((s) => s.orgId) };
}

async function oneClinic(fixture: IntegrationContractFixture) {
  const { store, orgs } = await clinics(fixture, 1);
  const [org] = orgs;
  if (org === undefined) throw new Error("no clinic");
  return { store, org };
}

export const integrationStoreContract: readonly IntegrationContractCase[] = [
  {
    name: "an org never linked is CALENDAR_NOT_LINKED for reading and for writing",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      assert.equal(await code(store.get(org)), "CALENDAR_NOT_LINKED");
      const refreshed = { accessToken: "a", refreshToken: null, expiresAt: null, scope: null };
      assert.equal(await code(store.updateTokens(org, refreshed)), "CALENDAR_NOT_LINKED");
      assert.equal(await code(store.markReauthRequired(org, "invalid_grant")), "CALENDAR_NOT_LINKED");
    },
  },
  {
    name: "save links the calendar as active and get returns it exactly",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const link = linking(org, 1);
      const expected: CalendarIntegration = { ...link, status: "active", statusReason: null };
      assert.deepEqual(await unwrap(store.save(link)), expected);
      assert.deepEqual(await unwrap(store.get(org)), expected);
    },
  },
  {
    name: "tokens without access token, expiry or scope, and unusual characters, round-trip",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const odd = tokens(2, { accessToken: null, expiresAt: null, scope: null, refreshToken: "1//ünï.cödé/+=% '\"x" });
      const link = linking(org, 2, { tokens: odd });
      await unwrap(store.save(link));
      assert.deepEqual((await unwrap(store.get(org))).tokens, odd);
    },
  },
  {
    name: "updateTokens replaces the tokens; a null refresh token keeps the stored one",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const link = linking(org, 3);
      await unwrap(store.save(link));
      const refreshed = { accessToken: "ya29.new", refreshToken: null, expiresAt: Date.parse("2027-02-01T00:00:00Z") };
      await unwrap(store.updateTokens(org, { ...refreshed, scope: "s" }));
      const kept = await unwrap(store.get(org));
      assert.deepEqual(kept.tokens, { ...refreshed, scope: "s", refreshToken: link.tokens.refreshToken });
      assert.equal(kept.status, "active");
      await unwrap(store.updateTokens(org, { ...refreshed, refreshToken: "1//rotated", scope: null }));
      assert.deepEqual((await unwrap(store.get(org))).tokens, {
        ...refreshed,
        refreshToken: "1//rotated",
        scope: null,
      });
    },
  },
  {
    name: "markReauthRequired records status and reason; saving again relinks as active",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const link = linking(org, 4);
      await unwrap(store.save(link));
      await unwrap(store.markReauthRequired(org, "invalid_grant: Token has been expired or revoked."));
      const marked = await unwrap(store.get(org));
      assert.deepEqual(
        [marked.status, marked.statusReason, marked.tokens],
        ["reauth_required", "invalid_grant: Token has been expired or revoked.", link.tokens],
      );
      const relinked = linking(org, 5);
      const expected: CalendarIntegration = { ...relinked, status: "active", statusReason: null };
      assert.deepEqual(await unwrap(store.save(relinked)), expected);
      assert.deepEqual(await unwrap(store.get(org)), expected);
    },
  },
  {
    name: "orgs are separate, and list returns every link with its status",
    async run(fixture) {
      const { store, orgs } = await clinics(fixture, 3);
      const [a, b, c] = orgs;
      if (a === undefined || b === undefined || c === undefined) throw new Error("no clinics");
      await unwrap(store.save(linking(a, 6)));
      await unwrap(store.save(linking(b, 7)));
      await unwrap(store.markReauthRequired(b, "revoked"));
      assert.equal((await unwrap(store.get(a))).status, "active");
      assert.equal(await code(store.get(c)), "CALENDAR_NOT_LINKED");
      const mine = (await unwrap(store.list()))
        .filter((i) => orgs.includes(i.orgId))
        .sort((x, y) => (x.orgId === a ? -1 : y.orgId === a ? 1 : 0));
      assert.deepEqual(mine, [await unwrap(store.get(a)), await unwrap(store.get(b))]);
      assert.deepEqual(
        mine.map((i) => [i.status, i.statusReason]),
        [
          ["active", null],
          ["reauth_required", "revoked"],
        ],
      );
    },
  },
];

/** Key names the fixture maps to real keys of its own. */
export type ContractKey = "old" | "new" | "other";
export type ContractKeys = readonly [ContractKey, ...ContractKey[]];

export interface KeyRotationFixture {
  /**
   * These clinics exist (none linked); `open(keys)` is a store over the same data that writes with
   * the first key and reads with any of them, as after a restart with `TOKEN_ENCRYPTION_KEY=first,…`.
   */
  setup(clinics: readonly ClinicSettings[]): Promise<{ open(keys: ContractKeys): IntegrationStore }>;
}

export interface KeyRotationCase {
  readonly name: string;
  run(fixture: KeyRotationFixture): Promise<void>;
}

async function rotationWorld(fixture: KeyRotationFixture, n: number) {
  const settings = Array.from({ length: n }, () => defaultClinicSettings(randomUUID() as OrgId, "Rotation Clinic"));
  const { open } = await fixture.setup(settings);
  return { open, orgs: settings.map((s) => s.orgId) };
}

/** The store's key methods, which a store that encrypts must have. */
function keyed(store: IntegrationStore) {
  const { keyUsage, rotateKeys } = store;
  if (keyUsage === undefined || rotateKeys === undefined) assert.fail("the store has no keyUsage / rotateKeys");
  return { usage: () => keyUsage.call(store), rotate: () => rotateKeys.call(store) };
}

/** The key state of each of `orgs` (in their order), as `keyUsage` reports it. */
async function statesOf(store: IntegrationStore, orgs: readonly OrgId[]): Promise<(TokenKeyState | "absent")[]> {
  const usage = await unwrap(keyed(store).usage());
  return orgs.map((org) => usage.find((u) => u.orgId === org)?.key ?? "absent");
}

/** The report restricted to `orgs` (other cases share the database), each list sorted. */
function mine(report: KeyRotationReport, orgs: readonly OrgId[]) {
  const only = (list: readonly OrgId[]) => list.filter((o) => orgs.includes(o)).sort();
  return {
    resealed: only(report.resealed),
    alreadyCurrent: only(report.alreadyCurrent),
    unreadable: only(report.unreadable),
  };
}

const sortedIds = (...ids: OrgId[]) => [...ids].sort();

export const tokenKeyRotationContract: readonly KeyRotationCase[] = [
  {
    name: "tokens written with the previous key still open, are reported on it, and rotateKeys re-encrypts exactly those",
    async run(fixture) {
      const { open, orgs } = await rotationWorld(fixture, 3);
      const [a, b, c] = orgs;
      if (a === undefined || b === undefined || c === undefined) throw new Error("no clinics");
      const before = open(["old"]);
      const linkA = linking(a, 11);
      await unwrap(before.save(linkA));
      await unwrap(before.save(linking(b, 12)));
      const during = open(["new", "old"]);
      await unwrap(during.save(linking(c, 13)));
      assert.deepEqual((await unwrap(during.get(a))).tokens, linkA.tokens);
      assert.deepEqual(await statesOf(during, orgs), ["previous", "previous", "current"]);
      assert.deepEqual(mine(await unwrap(keyed(during).rotate()), orgs), {
        resealed: sortedIds(a, b),
        alreadyCurrent: [c],
        unreadable: [],
      });
      assert.deepEqual(await statesOf(during, orgs), ["current", "current", "current"]);
      const after = open(["new"]);
      assert.deepEqual(await unwrap(after.get(a)), { ...linkA, status: "active", statusReason: null });
      assert.deepEqual(mine(await unwrap(keyed(after).rotate()), orgs).resealed, []);
    },
  },
  {
    name: "a link whose key was dropped is unreadable: reported, refused without retry, left untouched by rotateKeys",
    async run(fixture) {
      const { open, orgs } = await rotationWorld(fixture, 1);
      const [a] = orgs;
      if (a === undefined) throw new Error("no clinic");
      const link = linking(a, 14);
      await unwrap(open(["old"]).save(link));
      const dropped = open(["new"]);
      const refused = await dropped.get(a);
      assert.ok(refused.isErr() && refused.error.code === "STORE_UNAVAILABLE" && !refused.error.retryable);
      assert.deepEqual(await statesOf(dropped, orgs), ["unreadable"]);
      assert.deepEqual(mine(await unwrap(keyed(dropped).rotate()), orgs), {
        resealed: [],
        alreadyCurrent: [],
        unreadable: [a],
      });
      assert.deepEqual((await unwrap(open(["other", "old"]).get(a))).tokens, link.tokens);
    },
  },
  {
    name: "a refresh (even keeping the refresh token) or a relink under the new key re-encrypts that link",
    async run(fixture) {
      const { open, orgs } = await rotationWorld(fixture, 2);
      const [a, b] = orgs;
      if (a === undefined || b === undefined) throw new Error("no clinics");
      const before = open(["old"]);
      const linkA = linking(a, 15);
      await unwrap(before.save(linkA));
      await unwrap(before.save(linking(b, 16)));
      const during = open(["new", "old"]);
      const refreshed = { accessToken: "ya29.after-rotation", refreshToken: null, expiresAt: null, scope: null };
      await unwrap(during.updateTokens(a, refreshed));
      const relinkB = linking(b, 17);
      await unwrap(during.save(relinkB));
      assert.deepEqual(await statesOf(during, orgs), ["current", "current"]);
      const after = open(["new"]);
      assert.deepEqual((await unwrap(after.get(a))).tokens, { ...refreshed, refreshToken: linkA.tokens.refreshToken });
      assert.deepEqual((await unwrap(after.get(b))).tokens, relinkB.tokens);
    },
  },
];
