/**
 * @module testing/connect-attempts.contract
 * One contract for every `ConnectAttempts`: in memory, PGlite, real Postgres, supabase-js. What
 * the connect flow relies on: an attempt is used once (of concurrent uses exactly one wins), an
 * expired or unknown one never, and a clinic's linked account changes only when it is the same
 * account or the attempt asked to switch. Expiry is judged by the store's clock, which must be the
 * real one. Each case throws (node:assert) on failure:
 * `for (const c of connectAttemptsContract) it(c.name, () => c.run(fixture))`. Every case uses
 * fresh org ids and nonces, so one database can serve all cases.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { type ClinicSettings, defaultClinicSettings } from "../clinic/clinic-settings.ts";
import type { ConnectAttempt, ConnectAttempts, NewConnectAttempt } from "../ports/connect-attempts.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { code, unwrap } from "./contract-assertions.ts";

export interface ConnectAttemptsFixture {
  /** A store in which these clinics exist, none of them linked yet. */
  setup(clinics: readonly ClinicSettings[]): Promise<ConnectAttempts>;
}

export interface ConnectAttemptsCase {
  readonly name: string;
  run(fixture: ConnectAttemptsFixture): Promise<void>;
}

const TEN_MINUTES = 10 * 60_000;

/** A new attempt for `orgId`, valid for ten minutes unless told otherwise. */
export const newAttempt = (orgId: OrgId, overrides: Partial<NewConnectAttempt> = {}): NewConnectAttempt => ({
  nonce: `nonce-${randomUUID()}`,
  orgId,
  expiresAt: Date.now() + TEN_MINUTES,
  switchAccount: false,
  ...overrides,
});

async function clinics(fixture: ConnectAttemptsFixture, n: number) {
  const settings = Array.from({ length: n }, () => defaultClinicSettings(randomUUID() as OrgId, "Connect Clinic"));
  return { attempts: await fixture.setup(settings), orgs: settings.map((s) => s.orgId) };
}

async function oneClinic(fixture: ConnectAttemptsFixture) {
  const { attempts, orgs } = await clinics(fixture, 1);
  const [org] = orgs;
  if (org === undefined) throw new Error("no clinic");
  return { attempts, org };
}

/** Starts an attempt and uses it: what the connect flow holds when Google redirects back. */
async function used(attempts: ConnectAttempts, orgId: OrgId, switchAccount = false): Promise<ConnectAttempt> {
  const started = await unwrap(attempts.start(newAttempt(orgId, { switchAccount })));
  return unwrap(attempts.consume(started.nonce));
}

async function problem(attempts: ConnectAttempts, nonce: string): Promise<string> {
  const result = await attempts.consume(nonce);
  if (result.isOk()) assert.fail(`expected the attempt to be refused, got ${JSON.stringify(result.value)}`);
  assert.equal(result.error.code, "CONNECT_ATTEMPT_UNUSABLE");
  return "problem" in result.error ? result.error.problem : "STORE_UNAVAILABLE";
}

export const connectAttemptsContract: readonly ConnectAttemptsCase[] = [
  {
    name: "an attempt is handed back as started, with no linked account for a clinic never linked",
    async run(fixture) {
      const { attempts, org } = await oneClinic(fixture);
      const attempt = newAttempt(org, { switchAccount: true });
      const started = await unwrap(attempts.start(attempt));
      assert.deepEqual(started, { ...attempt, linkedAccount: null });
      assert.deepEqual(await unwrap(attempts.consume(attempt.nonce)), started);
      assert.equal(await unwrap(attempts.linkedAccount(org)), null);
    },
  },
  {
    name: "an attempt is used once: the second use is refused as used",
    async run(fixture) {
      const { attempts, org } = await oneClinic(fixture);
      const { nonce } = await unwrap(attempts.start(newAttempt(org)));
      await unwrap(attempts.consume(nonce));
      assert.equal(await problem(attempts, nonce), "used");
      assert.equal(await problem(attempts, nonce), "used");
    },
  },
  {
    name: "of 20 concurrent uses of one attempt exactly one gets it",
    async run(fixture) {
      const { attempts, org } = await oneClinic(fixture);
      const { nonce } = await unwrap(attempts.start(newAttempt(org)));
      const results = await Promise.all(Array.from({ length: 20 }, () => attempts.consume(nonce)));
      assert.equal(results.filter((r) => r.isOk()).length, 1);
      const refusals = results.flatMap((r) => (r.isErr() && "problem" in r.error ? [r.error.problem] : []));
      assert.deepEqual(
        refusals,
        Array.from({ length: 19 }, () => "used"),
      );
    },
  },
  {
    name: "an expired attempt is refused as expired, and stays unusable",
    async run(fixture) {
      const { attempts, org } = await oneClinic(fixture);
      const { nonce } = await unwrap(attempts.start(newAttempt(org, { expiresAt: Date.now() - 60_000 })));
      assert.equal(await problem(attempts, nonce), "expired");
      assert.equal(await problem(attempts, nonce), "expired");
    },
  },
  {
    name: "a nonce never started is refused as unknown",
    async run(fixture) {
      const { attempts } = await oneClinic(fixture);
      assert.equal(await problem(attempts, `nonce-${randomUUID()}`), "unknown");
      assert.equal(await problem(attempts, ""), "unknown");
    },
  },
  {
    name: "starting an attempt for an org that does not exist is UNKNOWN_ORG; a reused nonce is a store failure",
    async run(fixture) {
      const { attempts, org } = await oneClinic(fixture);
      assert.equal(await code(attempts.start(newAttempt(randomUUID() as OrgId))), "UNKNOWN_ORG");
      const attempt = newAttempt(org);
      await unwrap(attempts.start(attempt));
      assert.equal(await code(attempts.start({ ...attempt, switchAccount: true })), "STORE_UNAVAILABLE");
      assert.equal((await unwrap(attempts.consume(attempt.nonce))).switchAccount, false);
    },
  },
  {
    name: "the first link pins its account; later attempts carry it",
    async run(fixture) {
      const { attempts, org } = await oneClinic(fixture);
      await unwrap(attempts.pinAccount(await used(attempts, org), "account-a"));
      assert.equal(await unwrap(attempts.linkedAccount(org)), "account-a");
      assert.equal((await unwrap(attempts.start(newAttempt(org)))).linkedAccount, "account-a");
    },
  },
  {
    name: "a relink by another account is refused and changes nothing; by the same account it is fine",
    async run(fixture) {
      const { attempts, org } = await oneClinic(fixture);
      await unwrap(attempts.pinAccount(await used(attempts, org), "account-a"));
      const relink = await used(attempts, org);
      const refused = await attempts.pinAccount(relink, "account-b");
      const error = refused.isErr() ? refused.error : undefined;
      assert.equal(error?.code === "CALENDAR_ACCOUNT_MISMATCH" && error.linkedAccount, "account-a");
      assert.equal(await unwrap(attempts.linkedAccount(org)), "account-a");
      await unwrap(attempts.pinAccount(relink, "account-a"));
      assert.equal(await unwrap(attempts.linkedAccount(org)), "account-a");
    },
  },
  {
    name: "an attempt that asked to switch links another account",
    async run(fixture) {
      const { attempts, org } = await oneClinic(fixture);
      await unwrap(attempts.pinAccount(await used(attempts, org), "account-a"));
      await unwrap(attempts.pinAccount(await used(attempts, org, true), "account-b"));
      assert.equal(await unwrap(attempts.linkedAccount(org)), "account-b");
    },
  },
  {
    name: "two attempts started before any link: the first to finish pins, the other cannot take over",
    async run(fixture) {
      const { attempts, org } = await oneClinic(fixture);
      const [first, second] = [await used(attempts, org), await used(attempts, org)];
      assert.equal(second.linkedAccount, null);
      await unwrap(attempts.pinAccount(first, "account-a"));
      assert.equal(await code(attempts.pinAccount(second, "account-b")), "CALENDAR_ACCOUNT_MISMATCH");
      assert.equal(await unwrap(attempts.linkedAccount(org)), "account-a");
    },
  },
  {
    name: "an attempt pinned to the account linked when it started is refused once another account is linked",
    async run(fixture) {
      const { attempts, org } = await oneClinic(fixture);
      await unwrap(attempts.pinAccount(await used(attempts, org), "account-a"));
      const stale = await used(attempts, org);
      await unwrap(attempts.pinAccount(await used(attempts, org, true), "account-b"));
      assert.equal(await code(attempts.pinAccount(stale, "account-a")), "CALENDAR_ACCOUNT_MISMATCH");
      assert.equal(await unwrap(attempts.linkedAccount(org)), "account-b");
    },
  },
  {
    name: "clinics are apart: one clinic's account says nothing about another's",
    async run(fixture) {
      const { attempts, orgs } = await clinics(fixture, 2);
      const [one, two] = orgs;
      if (one === undefined || two === undefined) throw new Error("two clinics");
      await unwrap(attempts.pinAccount(await used(attempts, one), "account-a"));
      assert.equal(await unwrap(attempts.linkedAccount(two)), null);
      await unwrap(attempts.pinAccount(await used(attempts, two), "account-b"));
      assert.deepEqual(
        [await unwrap(attempts.linkedAccount(one)), await unwrap(attempts.linkedAccount(two))],
        ["account-a", "account-b"],
      );
    },
  },
];
