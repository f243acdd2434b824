/**
 * @module test/support/oauth-world
 * The connect flow on the emulator: `GoogleOAuth` over a recording integration store and the
 * domain's in-memory connect attempts, with two clocks a test can move apart (the adapter's, which
 * judges the signed state, and the store's, which judges the stored attempt), clinics to connect,
 * and the steps of a connect: the admin's consent URL, the code Google gives for an account.
 */
import { randomUUID } from "node:crypto";
import { defaultClinicSettings, type OrgId } from "@voxanne/domain";
import { InMemoryConnectAttempts, MemoryDatabase } from "@voxanne/domain/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { GoogleOAuth } from "../../src/index.ts";
import { EMULATOR_ACCOUNT, EMULATOR_CLIENT, GoogleEmulator } from "../../src/testing/index.ts";
import { RecordingIntegrationStore } from "./recording-integration-store.ts";

export const REDIRECT_URI = "http://127.0.0.1:8787/oauth/google/callback";
export const SECRET = "a-server-secret-of-at-least-32-bytes!";
export const T0 = Date.parse("2027-01-12T09:00:00Z");

export interface OAuthWorld {
  readonly emulator: GoogleEmulator;
  readonly store: RecordingIntegrationStore;
  readonly attempts: InMemoryConnectAttempts;
  /** The adapter's clock (epoch ms). */
  now: number;
  /** The store's clock (epoch ms). */
  storeNow: number;
  /** A `GoogleOAuth` on this world (another secret or attempts store when given). */
  oauth(options?: { secret?: string; attempts?: InMemoryConnectAttempts }): GoogleOAuth;
  /** A new clinic, known to the attempts store. */
  clinic(): OrgId;
  /** An attempts store of its own over the same clinics. */
  otherAttempts(): InMemoryConnectAttempts;
}

/** The emulator for the suite, a fresh world (stores, clocks at T0, signed in as the default account) per test. */
export function useOAuthWorld(): () => OAuthWorld {
  let emulator: GoogleEmulator | undefined;
  let world: OAuthWorld | undefined;
  beforeAll(async () => {
    emulator = await GoogleEmulator.start();
  });
  afterAll(() => emulator?.stop());
  beforeEach(() => {
    if (emulator === undefined) throw new Error("the emulator starts in beforeAll");
    emulator.resetCounts();
    emulator.accounts.signIn(EMULATOR_ACCOUNT);
    world = newWorld(emulator);
  });
  return () => {
    if (world === undefined) throw new Error("the OAuth world is made in beforeEach");
    return world;
  };
}

function newWorld(emulator: GoogleEmulator): OAuthWorld {
  const db = new MemoryDatabase({ now: () => new Date(world.storeNow) });
  const world: OAuthWorld = {
    emulator,
    store: new RecordingIntegrationStore(),
    attempts: new InMemoryConnectAttempts(db),
    now: T0,
    storeNow: T0,
    oauth: (options = {}) =>
      new GoogleOAuth({
        ...EMULATOR_CLIENT,
        redirectUri: REDIRECT_URI,
        googleBaseUrl: emulator.baseUrl,
        stateSecret: options.secret ?? SECRET,
        integrations: world.store,
        attempts: options.attempts ?? world.attempts,
        now: () => new Date(world.now),
      }),
    clinic: () => {
      const orgId = randomUUID() as OrgId;
      db.putClinic(defaultClinicSettings(orgId, "OAuth Clinic"));
      return orgId;
    },
    otherAttempts: () => new InMemoryConnectAttempts(db),
  };
  return world;
}

/** The admin's consent URL for the clinic (its attempt stored), as a URL. */
export async function consent(
  world: OAuthWorld,
  orgId: OrgId,
  options: { switchAccount?: boolean; oauth?: GoogleOAuth } = {},
): Promise<URL> {
  const oauth = options.oauth ?? world.oauth();
  const url = await oauth.consentUrl(orgId, options.switchAccount === undefined ? {} : { switchAccount: true });
  return new URL(url._unsafeUnwrap());
}

export const stateOf = (url: URL): string => url.searchParams.get("state") ?? "";

/** The code Google's redirect would carry after `account` consented. */
export const codeFor = (world: OAuthWorld, account: string): string =>
  world.emulator.accounts.authorizationCode({ account, redirectUri: REDIRECT_URI });

/** One whole connect of the clinic as `account`: consent URL, Google's code, the callback's exchange. */
export async function connect(
  world: OAuthWorld,
  orgId: OrgId,
  account: string,
  options: { switchAccount?: boolean } = {},
) {
  const url = await consent(world, orgId, options);
  return world.oauth().exchangeCode(codeFor(world, account), stateOf(url));
}
