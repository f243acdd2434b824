/**
 * Tokens at rest (real Postgres): the table holds only ciphertext, another key reads nothing and
 * says so without leaking, and a ciphertext moved into another clinic's row does not decrypt.
 * Key rotation: the rotation contract over every carrier; a refresh racing the rotation wins; a
 * row the previous release wrote (v1, no key id) is read and rotated.
 */
import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { type ClinicSettings, DomainErrors, defaultClinicSettings, type OrgId } from "@voxanne/domain";
import { type ContractKey, type ContractKeys, tokenKeyRotationContract } from "@voxanne/domain/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTokenCipher,
  pgPoolClient,
  postgresStores,
  type RpcCaller,
  SqlIntegrationStore,
  type SqlStores,
  sqlRpc,
  type TokenCipher,
} from "../src/index.ts";
import { type Carrier, carriers } from "./support/carriers.ts";
import { createClinics, testCipher } from "./support/contracts.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";

const ACCESS = "ya29.a0AfB_byAccessToken";
const REFRESH = "1//0gRefreshTokenThatMustNeverBeStoredInTheClear";

let db: TestDatabase;
let stores: SqlStores;
beforeAll(async () => {
  db = await freshDatabase();
  stores = postgresStores(db.pool);
});
afterAll(() => db.drop());

async function linkedClinic(cipher = testCipher()) {
  const org = randomUUID() as OrgId;
  await createClinics(stores, [defaultClinicSettings(org)]);
  const tokens = { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: Date.now() + 3_600_000, scope: "calendar" };
  (
    await stores.integrations(cipher).save({ orgId: org, provider: "google", calendarId: "primary", tokens })
  )._unsafeUnwrap();
  return { org, cipher };
}

async function row(org: OrgId): Promise<Record<string, unknown>> {
  const { rows } = await db.pool.query("select * from tenant_integrations where org_id = $1", [org]);
  return rows[0] ?? {};
}

describe("IntegrationStore: tokens encrypted at rest", () => {
  it("the stored columns hold v2 ciphertext naming its key, never the tokens", async () => {
    const { org } = await linkedClinic();
    const stored = await row(org);
    expect(String(stored.refresh_token_encrypted)).toMatch(/^v2\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(String(stored.access_token_encrypted)).toMatch(/^v2\./);
    expect(JSON.stringify(stored)).not.toContain(REFRESH);
    expect(JSON.stringify(stored)).not.toContain(ACCESS);
  });

  it("after a refresh too: updateTokens stores ciphertext", async () => {
    const { org, cipher } = await linkedClinic();
    const refreshed = { accessToken: "ya29.fresh", refreshToken: "1//rotated", expiresAt: null, scope: null };
    (await stores.integrations(cipher).updateTokens(org, refreshed))._unsafeUnwrap();
    const stored = JSON.stringify(await row(org));
    expect(stored).not.toContain("ya29.fresh");
    expect(stored).not.toContain("1//rotated");
    expect((await stores.integrations(cipher).get(org))._unsafeUnwrap().tokens).toEqual(refreshed);
  });

  it("another key cannot read it: STORE_UNAVAILABLE, not retryable, naming the org, leaking nothing", async () => {
    const { org } = await linkedClinic();
    const stranger = stores.integrations(testCipher());
    const unreadable = [(await stranger.get(org))._unsafeUnwrapErr(), (await stranger.list())._unsafeUnwrapErr()];
    expect(JSON.stringify(unreadable[0])).toContain(org);
    for (const error of unreadable) {
      expect(error).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: false });
      expect("cause" in error && error.cause).toMatch(/token of org [0-9a-f-]{36}: .*TOKEN_ENCRYPTION_KEY/);
      expect(JSON.stringify(error)).not.toContain(REFRESH);
      expect(JSON.stringify(error)).not.toContain(ACCESS);
    }
  });

  it("a ciphertext copied into another clinic's row does not decrypt there", async () => {
    const cipher = testCipher();
    const a = await linkedClinic(cipher);
    const b = await linkedClinic(cipher);
    await db.pool.query(
      "update tenant_integrations set refresh_token_encrypted = (select refresh_token_encrypted from tenant_integrations where org_id = $1) where org_id = $2",
      [a.org, b.org],
    );
    expect((await stores.integrations(cipher).get(a.org))._unsafeUnwrap().tokens.refreshToken).toBe(REFRESH);
    expect((await stores.integrations(cipher).get(b.org))._unsafeUnwrapErr()).toMatchObject({
      code: "STORE_UNAVAILABLE",
      retryable: false,
    });
  });

  it("linking a clinic the database does not know is a non-retryable store failure", async () => {
    const tokens = { accessToken: null, refreshToken: REFRESH, expiresAt: null, scope: null };
    const linking = { orgId: randomUUID() as OrgId, provider: "google", calendarId: "primary", tokens } as const;
    const error = (await stores.integrations(testCipher()).save(linking))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: false });
    expect(error.cause).toContain("UNKNOWN_ORG");
  });
});

/** Random keys named as the contract names them; `cipher(keys)` is TOKEN_ENCRYPTION_KEY=first,… */
function namedKeys() {
  const secrets: Record<ContractKey, string> = {
    old: randomBytes(32).toString("base64"),
    new: randomBytes(32).toString("hex"),
    other: randomBytes(32).toString("base64url"),
  };
  return (keys: ContractKeys): TokenCipher => createTokenCipher(keys.map((k) => secrets[k]).join(","))._unsafeUnwrap();
}

describe.each(Object.entries(carriers))("IntegrationStore key rotation contract over %s", (_, open) => {
  let carrier: Carrier;
  beforeAll(async () => {
    carrier = await open();
  });
  afterAll(() => carrier.close());
  const cipher = namedKeys();
  const fixture = {
    async setup(clinics: readonly ClinicSettings[]) {
      await createClinics(carrier.stores, clinics);
      return { open: (keys: ContractKeys) => carrier.stores.integrations(cipher(keys)) };
    },
  };
  for (const c of tokenKeyRotationContract) it(c.name, () => c.run(fixture));
});

describe("key rotation on real Postgres", () => {
  const cipher = namedKeys();
  const tokens = { accessToken: ACCESS, refreshToken: REFRESH, expiresAt: null, scope: null };

  async function linkedUnder(keys: ContractKeys): Promise<OrgId> {
    const org = randomUUID() as OrgId;
    await createClinics(stores, [defaultClinicSettings(org)]);
    const link = { orgId: org, provider: "google", calendarId: "primary", tokens } as const;
    (await stores.integrations(cipher(keys)).save(link))._unsafeUnwrap();
    return org;
  }

  it("a refresh written while the rotation runs is kept: the rotation re-reads the link and leaves it", async () => {
    const org = await linkedUnder(["old"]);
    const during = cipher(["new", "old"]);
    const refresher = stores.integrations(during);
    const fresh = {
      accessToken: "ya29.written-meanwhile",
      refreshToken: "1//new-refresh",
      expiresAt: null,
      scope: null,
    };
    const direct = sqlRpc(pgPoolClient(db.pool));
    let raced = false;
    const racing: RpcCaller = (fn, args) => {
      if (fn !== "reseal_integration_tokens" || args.p_org_id !== org || raced) return direct(fn, args);
      raced = true;
      return refresher
        .updateTokens(org, fresh)
        .mapErr((e) => DomainErrors.storeUnavailable(e.code))
        .andThen(() => direct(fn, args));
    };
    const report = (await new SqlIntegrationStore(racing, during).rotateKeys())._unsafeUnwrap();
    expect(raced).toBe(true);
    expect([report.resealed.includes(org), report.alreadyCurrent.includes(org)]).toEqual([false, true]);
    expect((await stores.integrations(cipher(["new"])).get(org))._unsafeUnwrap().tokens).toEqual(fresh);
  });

  it("a refresh that keeps the refresh token re-encrypts it with the current key too", async () => {
    const org = await linkedUnder(["old"]);
    const before = String((await row(org)).refresh_token_encrypted);
    const refreshed = { accessToken: "ya29.fresh", refreshToken: null, expiresAt: null, scope: null };
    (await stores.integrations(cipher(["new", "old"])).updateTokens(org, refreshed))._unsafeUnwrap();
    const after = String((await row(org)).refresh_token_encrypted);
    expect(after).not.toBe(before);
    expect(cipher(["new"]).isCurrent(after)).toBe(true);
    expect((await stores.integrations(cipher(["new"])).get(org))._unsafeUnwrap().tokens.refreshToken).toBe(REFRESH);
  });

  it("rows the previous release wrote (v1, no key id) are read and rotated; the rest of the row is untouched", async () => {
    const org = await linkedUnder(["old"]);
    const oldSecret = randomBytes(32);
    const v1 = (plaintext: string, column: string) => {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", oldSecret, iv, { authTagLength: 16 });
      c.setAAD(Buffer.from(`tenant_integrations:${org}:${column}`, "utf8"));
      const body = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
      return ["v1", iv.toString("base64url"), c.getAuthTag().toString("base64url"), body.toString("base64url")].join(
        ".",
      );
    };
    await db.pool.query(
      "update tenant_integrations set access_token_encrypted = $2, refresh_token_encrypted = $3 where org_id = $1",
      [org, v1(ACCESS, "access_token"), v1(REFRESH, "refresh_token")],
    );
    const before = await row(org);
    const newKey = randomBytes(32).toString("base64");
    const rotating = stores.integrations(createTokenCipher(`${newKey},${oldSecret.toString("hex")}`)._unsafeUnwrap());
    expect((await rotating.keyUsage())._unsafeUnwrap().find((u) => u.orgId === org)?.key).toBe("previous");
    expect((await rotating.rotateKeys())._unsafeUnwrap().resealed).toContain(org);
    const after = await row(org);
    expect(String(after.refresh_token_encrypted)).toMatch(/^v2\./);
    expect({ ...after, access_token_encrypted: null, refresh_token_encrypted: null }).toEqual({
      ...before,
      access_token_encrypted: null,
      refresh_token_encrypted: null,
    });
    const fresh = stores.integrations(createTokenCipher(newKey)._unsafeUnwrap());
    expect((await fresh.get(org))._unsafeUnwrap().tokens).toEqual(tokens);
  });
});
