/**
 * Tokens at rest (real Postgres): the table holds only ciphertext, another key reads nothing and
 * says so without leaking, and a ciphertext moved into another clinic's row does not decrypt.
 */
import { randomUUID } from "node:crypto";
import { defaultClinicSettings, type OrgId } from "@voxanne/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresStores, type SqlStores } from "../src/index.ts";
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
  it("the stored columns hold v1 ciphertext, never the tokens", async () => {
    const { org } = await linkedClinic();
    const stored = await row(org);
    expect(String(stored.refresh_token_encrypted)).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(String(stored.access_token_encrypted)).toMatch(/^v1\./);
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
