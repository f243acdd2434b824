/**
 * The connect flow's two guards against a hijacked link, on the emulator: a consent link (its
 * state) is used once, so a replay, a state past its expiry or one whose attempt the store does
 * not know is refused before Google is called; and a relink that comes back from another Google
 * account than the linked one is refused, keeping the link and its tokens, unless the admin asked
 * to switch accounts.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GoogleCalendarGateway } from "../src/index.ts";
import { EMULATOR_CLIENT } from "../src/testing/index.ts";
import { appointmentEvent, heldEvents } from "./support/google-world.ts";
import { codeFor, connect, consent, stateOf, T0, useOAuthWorld } from "./support/oauth-world.ts";

/** An account name no other test uses (the emulator and its calendars are shared by a suite). */
const fresh = (name: string) => `${name}-${randomUUID()}`;

describe("GoogleOAuth: a consent link is used once", () => {
  const world = useOAuthWorld();

  it("a replayed state with another account's code is refused before Google is called; the link stays", async () => {
    const w = world();
    const orgId = w.clinic();
    const state = stateOf(await consent(w, orgId));
    const linked = (await w.oauth().exchangeCode(codeFor(w, "clinic-account"), state))._unsafeUnwrap();

    const replay = await w.oauth().exchangeCode(codeFor(w, "attacker-account"), state);

    expect(replay._unsafeUnwrapErr()).toMatchObject({ code: "OAUTH_STATE_INVALID", problem: "used" });
    expect(replay._unsafeUnwrapErr().message).toMatch(/already been used, so nothing was changed/);
    expect(w.emulator.requests("exchange")).toBe(1);
    expect(w.store.calls.save).toBe(1);
    expect((await w.store.get(orgId))._unsafeUnwrap()).toEqual(linked);
    expect((await w.attempts.linkedAccount(orgId))._unsafeUnwrap()).toBe("clinic-account");
  });

  it("two callbacks racing with one state: exactly one links, Google sees one exchange", async () => {
    const w = world();
    const orgId = w.clinic();
    const state = stateOf(await consent(w, orgId));
    const results = await Promise.all(
      ["clinic-account", "attacker-account"].map((account) => w.oauth().exchangeCode(codeFor(w, account), state)),
    );
    expect(results.filter((r) => r.isOk())).toHaveLength(1);
    expect(results.flatMap((r) => (r.isErr() ? [r.error.code] : []))).toEqual(["OAUTH_STATE_INVALID"]);
    expect(w.emulator.requests("exchange")).toBe(1);
  });

  it("a state past its expiry is refused without calling Google, by the signature's clock or by the store's", async () => {
    const w = world();
    const orgId = w.clinic();
    const signedExpired = stateOf(await consent(w, orgId));
    w.now = T0 + 10 * 60_000;
    expect(
      (await w.oauth().exchangeCode(codeFor(w, "clinic-account"), signedExpired))._unsafeUnwrapErr(),
    ).toMatchObject({
      code: "OAUTH_STATE_INVALID",
      problem: "expired",
    });

    w.now = T0;
    const storeExpired = stateOf(await consent(w, orgId));
    w.storeNow = T0 + 10 * 60_000;
    expect((await w.oauth().exchangeCode(codeFor(w, "clinic-account"), storeExpired))._unsafeUnwrapErr()).toMatchObject(
      { code: "OAUTH_STATE_INVALID", problem: "expired" },
    );
    expect(w.emulator.requests("exchange")).toBe(0);
    expect(w.store.calls.save).toBe(0);
  });

  it("a state we signed whose attempt the store does not know is refused as unknown", async () => {
    const w = world();
    const orgId = w.clinic();
    const elsewhere = w.oauth({ attempts: w.otherAttempts() });
    const state = stateOf(await consent(w, orgId, { oauth: elsewhere }));
    expect((await w.oauth().exchangeCode(codeFor(w, "clinic-account"), state))._unsafeUnwrapErr()).toMatchObject({
      code: "OAUTH_STATE_INVALID",
      problem: "unknown",
    });
    expect(w.emulator.requests("exchange")).toBe(0);
  });
});

describe("GoogleOAuth: a relink keeps the clinic's Google account", () => {
  const world = useOAuthWorld();

  it("the relink's consent URL hints at the linked account", async () => {
    const w = world();
    const orgId = w.clinic();
    const clinic = fresh("clinic");
    (await connect(w, orgId, clinic))._unsafeUnwrap();
    const url = await consent(w, orgId);
    expect(url.searchParams.get("login_hint")).toBe(clinic);
    expect(url.searchParams.get("prompt")).toBe("consent");
  });

  it("a relink as another account is refused: nothing stored, the link, its tokens and its calendar unchanged", async () => {
    const w = world();
    const orgId = w.clinic();
    const [clinic, other] = [fresh("clinic"), fresh("other")];
    const linked = (await connect(w, orgId, clinic))._unsafeUnwrap();

    const refused = await connect(w, orgId, other);

    expect(refused._unsafeUnwrapErr()).toMatchObject({ code: "OAUTH_ACCOUNT_MISMATCH", retryable: false });
    expect(refused._unsafeUnwrapErr().message).toMatch(/switchAccount=true/);
    expect(w.store.calls.save).toBe(1);
    expect((await w.store.get(orgId))._unsafeUnwrap()).toEqual(linked);
    expect((await w.attempts.linkedAccount(orgId))._unsafeUnwrap()).toBe(clinic);
    const gateway = new GoogleCalendarGateway({
      ...EMULATOR_CLIENT,
      googleBaseUrl: w.emulator.baseUrl,
      integrations: w.store,
    });
    expect((await gateway.createEvent(orgId, appointmentEvent())).isOk()).toBe(true);
    expect(heldEvents(w.emulator, clinic)).toHaveLength(1);
    expect(heldEvents(w.emulator, other)).toHaveLength(0);
  });

  it("a relink as the same account replaces the tokens", async () => {
    const w = world();
    const orgId = w.clinic();
    const clinic = fresh("clinic");
    const first = (await connect(w, orgId, clinic))._unsafeUnwrap();
    const second = (await connect(w, orgId, clinic))._unsafeUnwrap();
    expect(second.tokens.refreshToken).not.toBe(first.tokens.refreshToken);
    expect((await w.store.get(orgId))._unsafeUnwrap()).toEqual(second);
  });

  it("a relink the admin started asking to switch links the other account, and its calendar gets the events", async () => {
    const w = world();
    const orgId = w.clinic();
    const [clinic, other] = [fresh("clinic"), fresh("other")];
    (await connect(w, orgId, clinic))._unsafeUnwrap();
    const url = await consent(w, orgId, { switchAccount: true });
    expect(url.searchParams.get("login_hint")).toBeNull();
    expect(url.searchParams.get("prompt")).toBe("consent select_account");

    const switched = (await w.oauth().exchangeCode(codeFor(w, other), stateOf(url)))._unsafeUnwrap();

    expect((await w.store.get(orgId))._unsafeUnwrap()).toEqual(switched);
    expect((await w.attempts.linkedAccount(orgId))._unsafeUnwrap()).toBe(other);
    const gateway = new GoogleCalendarGateway({
      ...EMULATOR_CLIENT,
      googleBaseUrl: w.emulator.baseUrl,
      integrations: w.store,
    });
    expect((await gateway.createEvent(orgId, appointmentEvent())).isOk()).toBe(true);
    expect(heldEvents(w.emulator, other)).toHaveLength(1);
    expect(heldEvents(w.emulator, clinic)).toHaveLength(0);
  });

  it("through Google's consent page: the signed-in account decides, whatever the hint", async () => {
    const w = world();
    const orgId = w.clinic();
    const [clinic, other] = [fresh("clinic"), fresh("other")];
    (await connect(w, orgId, clinic))._unsafeUnwrap();
    w.emulator.accounts.signIn(other);
    const response = await fetch(await consent(w, orgId), { redirect: "manual" });
    const callback = new URL(response.headers.get("location") ?? "");
    const refused = await w
      .oauth()
      .exchangeCode(callback.searchParams.get("code") ?? "", callback.searchParams.get("state") ?? "");
    expect(refused._unsafeUnwrapErr().code).toBe("OAUTH_ACCOUNT_MISMATCH");
    expect(w.emulator.lastRequest("consent")?.query.get("login_hint")).toBe(clinic);
  });
});
