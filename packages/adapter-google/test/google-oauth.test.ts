import { randomUUID } from "node:crypto";
import type { OrgId } from "@voxanne/domain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GOOGLE_CALENDAR_SCOPES, GoogleCalendarGateway, GoogleOAuth } from "../src/index.ts";
import { EMULATOR_CLIENT, FULL_SCOPE, GoogleEmulator } from "../src/testing/index.ts";
import { appointmentEvent, heldEvents } from "./support/google-world.ts";
import { RecordingIntegrationStore } from "./support/recording-integration-store.ts";

const REDIRECT_URI = "http://127.0.0.1:8787/oauth/google/callback";
const SECRET = "a-server-secret-of-at-least-32-bytes!";
const T0 = Date.parse("2027-01-12T09:00:00Z");

describe("GoogleOAuth: consent URL, signed state, code exchange", () => {
  let emulator: GoogleEmulator;
  let store: RecordingIntegrationStore;
  let now: number;
  const oauth = (secret = SECRET) =>
    new GoogleOAuth({
      ...EMULATOR_CLIENT,
      redirectUri: REDIRECT_URI,
      googleBaseUrl: emulator.baseUrl,
      stateSecret: secret,
      integrations: store,
      now: () => new Date(now),
    });
  const org = () => randomUUID() as OrgId;

  beforeAll(async () => {
    emulator = await GoogleEmulator.start();
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    store = new RecordingIntegrationStore();
    now = T0;
    emulator.resetCounts();
  });

  it("the consent URL asks for offline access, forced consent, our scopes and a state naming the org", () => {
    const orgId = org();
    const url = new URL(oauth().consentUrl(orgId));
    expect(`${url.origin}${url.pathname}`).toBe(`${emulator.baseUrl}/o/oauth2/v2/auth`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      access_type: "offline",
      prompt: "consent",
      include_granted_scopes: "true",
      response_type: "code",
      client_id: EMULATOR_CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      scope: GOOGLE_CALENDAR_SCOPES.join(" "),
    });
    expect(
      oauth()
        .verifyState(params.state ?? "")
        ._unsafeUnwrap(),
    ).toBe(orgId);
  });

  it("each consent URL carries a fresh nonce", () => {
    const orgId = org();
    const state = (u: string) => new URL(u).searchParams.get("state");
    expect(state(oauth().consentUrl(orgId))).not.toBe(state(oauth().consentUrl(orgId)));
  });

  it("refuses a tampered, foreign, malformed or expired state", () => {
    const state = new URL(oauth().consentUrl(org())).searchParams.get("state") ?? "";
    const [payload = "", mac = ""] = state.split(".");
    const other = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = `${Buffer.from(JSON.stringify({ ...other, org: org() })).toString("base64url")}.${mac}`;
    const flipped = `${payload}.${mac.slice(0, -2)}${mac.endsWith("AA") ? "BB" : "AA"}`;
    const foreign = new URL(oauth("another-server-secret-of-32-bytes!!").consentUrl(org())).searchParams.get("state");
    const problem = (s: string) => oauth().verifyState(s)._unsafeUnwrapErr().problem;

    expect([problem(forged), problem(flipped), problem(foreign ?? ""), problem("not-a-state")]).toEqual([
      "bad_signature",
      "bad_signature",
      "bad_signature",
      "malformed",
    ]);
    now = T0 + 9 * 60_000;
    expect(oauth().verifyState(state).isOk()).toBe(true);
    now = T0 + 10 * 60_000;
    expect(oauth().verifyState(state)._unsafeUnwrapErr()).toMatchObject({
      code: "OAUTH_STATE_INVALID",
      problem: "expired",
    });
  });

  it("exchanges the code and saves the link; a gateway on the same store can then book", async () => {
    const orgId = org();
    const state = new URL(oauth().consentUrl(orgId)).searchParams.get("state") ?? "";
    const code = emulator.accounts.authorizationCode({ account: "clinic-account", redirectUri: REDIRECT_URI });

    const saved = (await oauth().exchangeCode(code, state))._unsafeUnwrap();

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
    expect((await store.get(orgId))._unsafeUnwrap()).toEqual(saved);

    const gateway = new GoogleCalendarGateway({
      ...EMULATOR_CLIENT,
      googleBaseUrl: emulator.baseUrl,
      integrations: store,
    });
    const booked = await gateway.createEvent(orgId, appointmentEvent());
    expect(booked.isOk()).toBe(true);
    expect(heldEvents(emulator, "clinic-account")).toHaveLength(1);
  });

  it("follows Google's redirect end to end: consent page → callback code and state → saved link", async () => {
    const orgId = org();
    const consent = await fetch(oauth().consentUrl(orgId), { redirect: "manual" });
    const callback = new URL(consent.headers.get("location") ?? "");
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    const saved = await oauth().exchangeCode(
      callback.searchParams.get("code") ?? "",
      callback.searchParams.get("state") ?? "",
    );
    expect(saved._unsafeUnwrap().orgId).toBe(orgId);
  });

  it("refuses a grant without a refresh token and saves nothing", async () => {
    const orgId = org();
    const state = new URL(oauth().consentUrl(orgId)).searchParams.get("state") ?? "";
    const code = emulator.accounts.authorizationCode({ withRefreshToken: false });
    expect((await oauth().exchangeCode(code, state))._unsafeUnwrapErr().code).toBe("OAUTH_NO_REFRESH_TOKEN");
    expect((await store.get(orgId))._unsafeUnwrapErr().code).toBe("CALENDAR_NOT_LINKED");
  });

  it("refuses a grant missing one of our scopes", async () => {
    const state = new URL(oauth().consentUrl(org())).searchParams.get("state") ?? "";
    const code = emulator.accounts.authorizationCode({ scope: "https://www.googleapis.com/auth/calendar.freebusy" });
    expect((await oauth().exchangeCode(code, state))._unsafeUnwrapErr()).toMatchObject({
      code: "OAUTH_SCOPE_MISSING",
      missing: ["https://www.googleapis.com/auth/calendar.events"],
    });
    expect(store.calls.save).toBe(0);
  });

  it("refuses a code Google rejects (used twice) and an invalid state without calling Google", async () => {
    const state = new URL(oauth().consentUrl(org())).searchParams.get("state") ?? "";
    const code = emulator.accounts.authorizationCode();
    expect((await oauth().exchangeCode(code, state)).isOk()).toBe(true);
    expect((await oauth().exchangeCode(code, state))._unsafeUnwrapErr().code).toBe("OAUTH_CODE_REJECTED");
    expect(emulator.requests("exchange")).toBe(2);

    expect(
      (await oauth().exchangeCode(emulator.accounts.authorizationCode(), "forged.state"))._unsafeUnwrapErr().code,
    ).toBe("OAUTH_STATE_INVALID");
    expect(emulator.requests("exchange")).toBe(2);
  });

  it("refuses a state secret shorter than 32 bytes at construction", () => {
    expect(() => oauth("too-short")).toThrow(/32 bytes/);
  });
});
