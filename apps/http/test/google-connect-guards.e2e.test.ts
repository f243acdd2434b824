/**
 * A clinic's Google link cannot be hijacked, through the app against the local Google emulator:
 * the OAuth state of a consent link is used once (a replayed callback, even with another account's
 * code, is refused with 400 before Google is asked, and the clinic's link and calendar stay as they
 * were: the next booking's event still lands in the first account's calendar), and a relink that
 * comes back from another Google account is refused unless the admin asked to switch accounts.
 */
import { randomBytes } from "node:crypto";
import { EMULATOR_CLIENT, GoogleEmulator } from "@voxanne/adapter-google/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookThursday, DEMO_ORG, type Harness, startHarness } from "./support/harness.ts";

const ADMIN = { authorization: "Bearer admin-token-for-connect-guards" };
const FIRST = "first-clinic-account";
const OTHER = "someone-elses-account";
let google: GoogleEmulator;
let h: Harness;
let n = 0;

beforeAll(async () => {
  google = await GoogleEmulator.start();
  h = await startHarness({
    GOOGLE_CLIENT_ID: EMULATOR_CLIENT.clientId,
    GOOGLE_CLIENT_SECRET: EMULATOR_CLIENT.clientSecret,
    GOOGLE_API_BASE_URL: google.baseUrl,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ADMIN_TOKEN: "admin-token-for-connect-guards",
    CALENDAR_INLINE_BUDGET_MS: "2000",
  });
});
afterAll(async () => {
  await h.close();
  await google.stop();
});

/** The admin starts a link: the consent URL the admin route answers. */
async function startConnect(query = ""): Promise<URL> {
  const res = await h.composed.app.request(`/api/admin/clinics/${DEMO_ORG}/google/connect${query}`, {
    method: "POST",
    headers: ADMIN,
  });
  expect(res.status).toBe(200);
  return new URL(((await res.json()) as { url: string }).url);
}

/** The clinic consents at "Google" signed in as `account`: the callback path Google redirects to. */
async function consentAs(url: URL, account: string): Promise<string> {
  google.accounts.signIn(account);
  const consent = await fetch(url, { redirect: "manual" });
  const location = new URL(consent.headers.get("location") ?? "");
  expect(location.pathname).toBe("/api/google/callback");
  return `${location.pathname}${location.search}`;
}

const callback = (path: string) => h.composed.app.request(path);

/** A code Google would give `account` for our redirect URI, in a callback carrying `state`. */
function callbackWithCodeOf(account: string, consentUrl: URL, state: string): string {
  const redirectUri = consentUrl.searchParams.get("redirect_uri") ?? "";
  const code = google.accounts.authorizationCode({ account, redirectUri });
  return `/api/google/callback?${new URLSearchParams({ code, state })}`;
}

/** The clinic's stored link (every column) and the Google account it is pinned to. */
async function link() {
  return {
    integration: await h.sql("select * from tenant_integrations where org_id = $1", [DEMO_ORG]),
    account: await h.sql("select account from calendar_link_accounts where org_id = $1", [DEMO_ORG]),
  };
}

const book = (time: string) => bookThursday(h, `guard_call_${++n}`, time);

/** The ids of the events each account's primary calendar holds. */
const eventIds = (account: string) => google.calendars.events(account, "primary").map((e) => e.id);

describe("a Google link cannot be hijacked through the OAuth callback", () => {
  let firstConsent: URL;
  let firstCallback: string;

  it("the admin links the clinic signed in as its Google account", async () => {
    firstConsent = await startConnect();
    firstCallback = await consentAs(firstConsent, FIRST);
    const res = await callback(firstCallback);
    expect(res.status).toBe(200);
    expect((await link()).account).toEqual([{ account: FIRST }]);
  });

  it("a replayed state with another account's code is refused (400) before Google is asked; link and calendar unchanged", async () => {
    const before = await link();
    const exchanges = google.requests("exchange");
    const state = new URL(firstCallback, "http://x").searchParams.get("state") ?? "";

    const res = await callback(callbackWithCodeOf(OTHER, firstConsent, state));

    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/already been used, so nothing was changed/);
    expect(google.requests("exchange")).toBe(exchanges);
    expect(await link()).toEqual(before);
    expect(h.logs).toContainEqual(expect.objectContaining({ outcome: "OAUTH_STATE_INVALID", problem: "used" }));

    const booked = await book("10:00");
    expect(booked).toMatchObject({ success: true, calendarSynced: true });
    expect(eventIds(FIRST)).toContain(booked.calendarEventId);
    expect(eventIds(OTHER)).toEqual([]);
  });

  it("the whole redirect sent again (same code, same state) is refused too, without a token exchange", async () => {
    const before = await link();
    const exchanges = google.requests("exchange");
    const res = await callback(firstCallback);
    expect(res.status).toBe(400);
    expect(google.requests("exchange")).toBe(exchanges);
    expect(await link()).toEqual(before);
  });

  it("one redirect delivered twice at once: one links, the other is refused, Google sees one exchange", async () => {
    const path = await consentAs(await startConnect(), FIRST);
    const exchanges = google.requests("exchange");
    const statuses = (await Promise.all([callback(path), callback(path)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 400]);
    expect(google.requests("exchange")).toBe(exchanges + 1);
    expect((await link()).account).toEqual([{ account: FIRST }]);
  });

  it("a relink signed in as another Google account is refused and keeps the link; the calendar is unchanged", async () => {
    const before = await link();
    const consent = await startConnect();
    expect(consent.searchParams.get("login_hint")).toBe(FIRST);

    const res = await callback(await consentAs(consent, OTHER));

    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/another account than the one this clinic's calendar is linked to/);
    expect(await link()).toEqual(before);
    const booked = await book("10:30");
    expect(booked).toMatchObject({ success: true, calendarSynced: true });
    expect(eventIds(FIRST)).toContain(booked.calendarEventId);
    expect(eventIds(OTHER)).toEqual([]);
  });

  it("with switchAccount=true the admin moves the clinic to the other account, and the next event goes there", async () => {
    const consent = await startConnect("?switchAccount=true");
    expect(consent.searchParams.get("prompt")).toBe("consent select_account");

    const res = await callback(await consentAs(consent, OTHER));

    expect(res.status).toBe(200);
    expect((await link()).account).toEqual([{ account: OTHER }]);
    const booked = await book("11:00");
    expect(booked).toMatchObject({ success: true, calendarSynced: true });
    expect(eventIds(OTHER)).toEqual([booked.calendarEventId]);
    expect(eventIds(FIRST)).not.toContain(booked.calendarEventId);
  });
});
