/**
 * @module google-oauth
 * Connecting a clinic's Google Calendar (the logic behind the app's OAuth routes). The consent URL
 * (offline access, forced consent so a refresh token comes back, least scopes, signed `state`
 * naming the org and a connect attempt) is handed out only once its attempt is stored. The
 * callback uses that attempt up before anything else (a replayed, expired or unknown state is
 * refused without calling Google), exchanges the code, learns the Google account from the ID
 * token, pins it (another account than the linked one is refused unless the admin asked to switch)
 * and saves the link through the `IntegrationStore` (status `active`; the gateway picks the new
 * tokens up by itself).
 */
import { randomBytes } from "node:crypto";
import {
  type CalendarIntegration,
  type CalendarUnavailable,
  type ConnectAttempt,
  type ConnectAttempts,
  type ConsentOptions,
  DomainErrors,
  type IntegrationStore,
  type OrgId,
  type StoreUnavailable,
  type UnknownOrg,
} from "@voxanne/domain";
import type { Credentials, OAuth2Client } from "google-auth-library";
import { err, errAsync, ok, type Result, ResultAsync } from "neverthrow";
import { type GoogleClientConfig, newOAuth2Client } from "./google-config.ts";
import { classifyFailure } from "./google-failure.ts";
import { accountOf, GOOGLE_IDENTITY_SCOPE } from "./google-identity.ts";
import {
  type OAuthAccountMismatch,
  type OAuthAccountUnknown,
  type OAuthCodeRejected,
  type OAuthConnectError,
  type OAuthNoRefreshToken,
  OAuthRefusals,
  type OAuthScopeMissing,
} from "./oauth-refusals.ts";
import { OAuthState, type OAuthStateInvalid, refuseState, type SignedState } from "./oauth-state.ts";

/**
 * Least privilege for what the gateway does: read/write events (insert, get, patch, delete) and
 * free/busy. The full `…/auth/calendar` scope would also let us change calendars and sharing.
 */
export const GOOGLE_CALENDAR_SCOPES = [
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.freebusy",
] as const;

/**
 * What the consent asks for: the calendar scopes, and `openid` so the token answer names the
 * account that granted them (no email, no profile: the account id is all a relink is checked by).
 */
export const GOOGLE_OAUTH_SCOPES = [...GOOGLE_CALENDAR_SCOPES, GOOGLE_IDENTITY_SCOPE] as const;

export interface GoogleOAuthOptions extends GoogleClientConfig {
  readonly redirectUri: string;
  /** Server secret (≥ 32 bytes) that signs `state`; from configuration, never from a request. */
  readonly stateSecret: string;
  readonly integrations: IntegrationStore;
  /** Where each consent link's attempt is stored and used up, and each clinic's account pinned. */
  readonly attempts: ConnectAttempts;
  /** The clock `state` expiry is judged by (default: the system clock); the store judges its own. */
  readonly now?: () => Date;
  /** How long a consent link stays valid (default 10 minutes). */
  readonly stateTtlMs?: number;
  readonly scopes?: readonly string[];
}

/** A grant Google gave: its tokens, the refresh token it must carry, and the account it is for. */
interface Grant {
  readonly tokens: Credentials;
  readonly refreshToken: string;
  readonly account: string;
}

const DEFAULT_STATE_TTL_MS = 10 * 60_000;

export class GoogleOAuth {
  private readonly client: OAuth2Client;
  private readonly clientId: string;
  private readonly state: OAuthState;
  private readonly integrations: IntegrationStore;
  private readonly attempts: ConnectAttempts;
  private readonly now: () => Date;
  private readonly stateTtlMs: number;
  private readonly scopes: readonly string[];

  constructor(options: GoogleOAuthOptions) {
    this.client = newOAuth2Client(options);
    this.clientId = options.clientId;
    this.state = new OAuthState(options.stateSecret);
    this.integrations = options.integrations;
    this.attempts = options.attempts;
    this.now = options.now ?? (() => new Date());
    this.stateTtlMs = options.stateTtlMs ?? DEFAULT_STATE_TTL_MS;
    this.scopes = options.scopes ?? GOOGLE_OAUTH_SCOPES;
  }

  /**
   * Where to send the clinic to grant us offline access to its calendar, once the attempt is
   * stored. A relink hints Google at the linked account (`login_hint`); a switch asks Google to
   * show the account chooser.
   */
  consentUrl(orgId: OrgId, options: ConsentOptions = {}): ResultAsync<string, UnknownOrg | StoreUnavailable> {
    const signed: SignedState = {
      orgId,
      nonce: randomBytes(16).toString("base64url"),
      expiresAt: this.now().getTime() + this.stateTtlMs,
    };
    const switchAccount = options.switchAccount === true;
    return this.attempts.start({ ...signed, switchAccount }).map((attempt) =>
      this.client.generateAuthUrl({
        access_type: "offline",
        prompt: switchAccount ? "consent select_account" : "consent",
        scope: [...this.scopes],
        include_granted_scopes: true,
        state: this.state.sign(signed),
        ...(attempt.linkedAccount === null || switchAccount ? {} : { login_hint: attempt.linkedAccount }),
      }),
    );
  }

  /** What a callback's `state` names, if we signed it and it has not expired (its attempt is not read). */
  verifyState(state: string): Result<SignedState, OAuthStateInvalid> {
    return this.state.verify(state, this.now());
  }

  /**
   * The callback: verifies `state` and uses its attempt up (refused before Google is called when
   * it was used, expired or is unknown), exchanges `code`, checks the grant (refresh token, our
   * scopes, the account), pins the account to the clinic and saves the link (calendar
   * `calendarId`, default `primary`). Any refusal leaves the clinic's link and tokens as they were.
   */
  exchangeCode(
    code: string,
    state: string,
    options: { readonly calendarId?: string } = {},
  ): ResultAsync<CalendarIntegration, OAuthConnectError> {
    const verified = this.verifyState(state);
    if (verified.isErr()) return errAsync(verified.error);
    return this.useAttempt(verified.value).andThen((attempt) =>
      this.tokensFor(code)
        .andThen((tokens) => this.grantOf(tokens))
        .andThen((grant) => this.pin(attempt, grant.account).map(() => grant))
        .andThen(({ tokens, refreshToken }) =>
          this.integrations.save({
            orgId: attempt.orgId,
            provider: "google",
            calendarId: options.calendarId ?? "primary",
            tokens: {
              accessToken: tokens.access_token ?? null,
              refreshToken,
              expiresAt: tokens.expiry_date ?? null,
              scope: tokens.scope ?? null,
            },
          }),
        ),
    );
  }

  private useAttempt(signed: SignedState): ResultAsync<ConnectAttempt, OAuthStateInvalid | StoreUnavailable> {
    return this.attempts
      .consume(signed.nonce)
      .mapErr((e) => (e.code === "CONNECT_ATTEMPT_UNUSABLE" ? refuseState(e.problem) : e))
      .andThen((attempt) => (attempt.orgId === signed.orgId ? ok(attempt) : err(refuseState("unknown"))));
  }

  private pin(attempt: ConnectAttempt, account: string): ResultAsync<void, OAuthAccountMismatch | StoreUnavailable> {
    return this.attempts
      .pinAccount(attempt, account)
      .mapErr((e) => (e.code === "CALENDAR_ACCOUNT_MISMATCH" ? OAuthRefusals.accountMismatch() : e));
  }

  private tokensFor(code: string): ResultAsync<Credentials, OAuthCodeRejected | CalendarUnavailable> {
    const exchange = ResultAsync.fromThrowable(
      (c: string) => this.client.getToken(c),
      (e): OAuthCodeRejected | CalendarUnavailable =>
        classifyFailure(e).kind === "transient" ? DomainErrors.calendarUnavailable() : OAuthRefusals.codeRejected(),
    );
    return exchange(code).map((r) => r.tokens);
  }

  private grantOf(tokens: Credentials): Result<Grant, OAuthNoRefreshToken | OAuthScopeMissing | OAuthAccountUnknown> {
    if (!tokens.refresh_token) return err(OAuthRefusals.noRefreshToken());
    const granted = new Set((tokens.scope ?? "").split(" "));
    const missing = this.scopes.filter((s) => s !== GOOGLE_IDENTITY_SCOPE && !granted.has(s));
    if (tokens.scope && missing.length > 0) return err(OAuthRefusals.scopeMissing(missing));
    const account = accountOf(tokens.id_token, this.clientId);
    if (account === null) return err(OAuthRefusals.accountUnknown());
    return ok({ tokens, refreshToken: tokens.refresh_token, account });
  }
}
