import { randomUUID } from "node:crypto";
import type { OrgId } from "@voxanne/domain";
import { describe, expect, it } from "vitest";
import { GOOGLE_OAUTH_SCOPES, GoogleCalendarGateway } from "../src/index.ts";
import { EMULATOR_ACCOUNT, EMULATOR_CLIENT, FULL_SCOPE } from "../src/testing/index.ts";
import { appointmentEvent, heldEvents } from "./support/google-world.ts";
import { codeFor, consent, REDIRECT_URI, stateOf, T0, useOAuthWorld } from "./support/oauth-world.ts";

describe("GoogleOAuth: consent URL, signed state, code exchange", () => {
  const world = useOAuthWorld();

  it("the consent URL asks for offline access, forced consent, our scopes and a state naming the org and a stored attempt", async () => {
    const w = world();
    const orgId = w.clinic();
    const url = await consent(w, orgId);
    expect(`${url.origin}${url.pathname}`).toBe(`${w.emulator.baseUrl}/o/oauth2/v2/auth`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      access_type: "offline",
      prompt: "consent",
      include_granted_scopes: "true",
      response_type: "code",
      client_id: EMULATOR_CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      scope: GOOGLE_OAUTH_SCOPES.join(" "),
    });
    expect(params.login_hint).toBeUndefined();
    const signed = w
      .oauth()
      .verifyState(params.state ?? "")
      ._unsafeUnwrap();
    expect(signed).toMatchObject({ orgId, expiresAt: T0 + 10 * 60_000 });
    expect((await w.attempts.consume(signed.nonce))._unsafeUnwrap()).toMatchObject({
      orgId,
      linkedAccount: null,
      switchAccount: false,
    });
  });

  it("each consent URL carries a fresh nonce", async () => {
    const w = world();
    const orgId = w.clinic();
    const nonce = async () =>
      w
        .oauth()
        .verifyState(stateOf(await consent(w, orgId)))
        ._unsafeUnwrap().nonce;
    expect(await nonce()).not.toBe(await nonce());
  });

  it("no consent URL for a clinic that does not exist", async () => {
    const w = world();
    expect((await w.oauth().consentUrl(randomUUID() as OrgId))._unsafeUnwrapErr().code).toBe("UNKNOWN_ORG");
  });

  it("refuses a tampered, foreign, malformed or expired state", async () => {
    const w = world();
    const state = stateOf(await consent(w, w.clinic()));
    const [payload = "", mac = ""] = state.split(".");
    const other = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = `${Buffer.from(JSON.stringify({ ...other, org: randomUUID() })).toString("base64url")}.${mac}`;
    const flipped = `${payload}.${mac.slice(0, -2)}${mac.endsWith("AA") ? "BB" : "AA"}`;
    const foreign = stateOf(
      await consent(w, w.clinic(), { oauth: w.oauth({ secret: "another-server-secret-of-32-bytes!!" }) }),
    );
    const problem = (s: string) => w.oauth().verifyState(s)._unsafeUnwrapErr().problem;

    expect([problem(forged), problem(flipped), problem(foreign), problem("not-a-state")]).toEqual([
      "bad_signature",
      "bad_signature",
      "bad_signature",
      "malformed",
    ]);
    w.now = T0 + 9 * 60_000;
    expect(w.oauth().verifyState(state).isOk()).toBe(true);
    w.now = T0 + 10 * 60_000;
    expect(w.oauth().verifyState(state)._unsafeUnwrapErr()).toMatchObject({
      code: "OAUTH_STATE_INVALID",
      problem: "expired",
    });
  });

  it("exchanges the code, pins the account and saves the link; a gateway on the same store can then book", async () => {
    const w = world();
    const orgId = w.clinic();
    const state = stateOf(await consent(w, orgId));

    const saved = (await w.oauth().exchangeCode(codeFor(w, "clinic-account"), state))._unsafeUnwrap();

    expect(saved).toMatchObject({
      orgId,
      provider: "google",
      calendarId: "primary",
      status: "active",
      statusReason: null,
    });
    expect(saved.tokens).toMatchObject({ scope: FULL_SCOPE });
    expect(saved.tokens.refreshToken).toMatch(/^refresh-/);
    expect(saved.tokens.accessToken).toMatch(/^access-/);
    expect(saved.tokens.expiresAt).toBeGreaterThan(Date.now());
    expect((await w.store.get(orgId))._unsafeUnwrap()).toEqual(saved);
    expect((await w.attempts.linkedAccount(orgId))._unsafeUnwrap()).toBe("clinic-account");

    const gateway = new GoogleCalendarGateway({
      ...EMULATOR_CLIENT,
      googleBaseUrl: w.emulator.baseUrl,
      integrations: w.store,
    });
    const booked = await gateway.createEvent(orgId, appointmentEvent());
    expect(booked.isOk()).toBe(true);
    expect(heldEvents(w.emulator, "clinic-account")).toHaveLength(1);
  });

  it("follows Google's redirect end to end: consent page → callback code and state → saved link, as the signed-in account", async () => {
    const w = world();
    const orgId = w.clinic();
    const response = await fetch(await consent(w, orgId), { redirect: "manual" });
    const callback = new URL(response.headers.get("location") ?? "");
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    const saved = await w
      .oauth()
      .exchangeCode(callback.searchParams.get("code") ?? "", callback.searchParams.get("state") ?? "");
    expect(saved._unsafeUnwrap().orgId).toBe(orgId);
    expect((await w.attempts.linkedAccount(orgId))._unsafeUnwrap()).toBe(EMULATOR_ACCOUNT);
  });

  it("refuses a grant without a refresh token and saves nothing", async () => {
    const w = world();
    const orgId = w.clinic();
    const state = stateOf(await consent(w, orgId));
    const code = w.emulator.accounts.authorizationCode({ withRefreshToken: false });
    expect((await w.oauth().exchangeCode(code, state))._unsafeUnwrapErr().code).toBe("OAUTH_NO_REFRESH_TOKEN");
    expect((await w.store.get(orgId))._unsafeUnwrapErr().code).toBe("CALENDAR_NOT_LINKED");
    expect((await w.attempts.linkedAccount(orgId))._unsafeUnwrap()).toBeNull();
  });

  it("refuses a grant missing one of our calendar scopes", async () => {
    const w = world();
    const state = stateOf(await consent(w, w.clinic()));
    const code = w.emulator.accounts.authorizationCode({
      scope: "openid https://www.googleapis.com/auth/calendar.freebusy",
    });
    expect((await w.oauth().exchangeCode(code, state))._unsafeUnwrapErr()).toMatchObject({
      code: "OAUTH_SCOPE_MISSING",
      missing: ["https://www.googleapis.com/auth/calendar.events"],
    });
    expect(w.store.calls.save).toBe(0);
  });

  it("refuses a grant that names no account (no openid, so no ID token) and saves nothing", async () => {
    const w = world();
    const orgId = w.clinic();
    const state = stateOf(await consent(w, orgId));
    const code = w.emulator.accounts.authorizationCode({
      scope: "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy",
    });
    expect((await w.oauth().exchangeCode(code, state))._unsafeUnwrapErr().code).toBe("OAUTH_ACCOUNT_UNKNOWN");
    expect(w.store.calls.save).toBe(0);
    expect((await w.attempts.linkedAccount(orgId))._unsafeUnwrap()).toBeNull();
  });

  it("refuses a code Google rejects (used twice) and an invalid state without calling Google", async () => {
    const w = world();
    const orgId = w.clinic();
    const code = codeFor(w, "clinic-account");
    expect((await w.oauth().exchangeCode(code, stateOf(await consent(w, orgId)))).isOk()).toBe(true);
    const again = await w.oauth().exchangeCode(code, stateOf(await consent(w, orgId)));
    expect(again._unsafeUnwrapErr().code).toBe("OAUTH_CODE_REJECTED");
    expect(w.emulator.requests("exchange")).toBe(2);

    expect((await w.oauth().exchangeCode(codeFor(w, "clinic-account"), "forged.state"))._unsafeUnwrapErr().code).toBe(
      "OAUTH_STATE_INVALID",
    );
    expect(w.emulator.requests("exchange")).toBe(2);
  });

  it("refuses a state secret shorter than 32 bytes at construction", () => {
    expect(() => world().oauth({ secret: "too-short" })).toThrow(/32 bytes/);
  });
});
