/**
 * @module google-oauth
 * Connecting a clinic's Google Calendar (the logic behind the app's OAuth routes): the consent URL
 * (offline access, forced consent so a refresh token comes back, least scopes, signed `state`
 * naming the org) and the callback's code exchange, which saves the link through the
 * `IntegrationStore` (status `active`; the gateway picks the new tokens up by itself).
 */
import {
  type CalendarIntegration,
  type CalendarUnavailable,
  DomainErrors,
  type IntegrationStore,
  type OrgId,
  type StoreUnavailable,
} from "@voxanne/domain";
import type { Credentials, OAuth2Client } from "google-auth-library";
import { err, errAsync, ok, type Result, ResultAsync } from "neverthrow";
import { type GoogleClientConfig, newOAuth2Client } from "./google-config.ts";
import { classifyFailure } from "./google-failure.ts";
import { OAuthState, type OAuthStateInvalid } from "./oauth-state.ts";

/**
 * Least privilege for what the gateway does: read/write events (insert, get, patch, delete) and
 * free/busy. The full `…/auth/calendar` scope would also let us change calendars and sharing.
 */
export const GOOGLE_CALENDAR_SCOPES = [
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.freebusy",
] as const;

export interface GoogleOAuthOptions extends GoogleClientConfig {
  readonly redirectUri: string;
  /** Server secret (≥ 32 bytes) that signs `state`; from configuration, never from a request. */
  readonly stateSecret: string;
  readonly integrations: IntegrationStore;
  /** The clock `state` expiry is judged by (default: the system clock). */
  readonly now?: () => Date;
  /** How long a consent link stays valid (default 10 minutes). */
  readonly stateTtlMs?: number;
  readonly scopes?: readonly string[];
}

interface OAuthRefusal<C extends string> {
  readonly code: C;
  readonly message: string;
  readonly retryable: boolean;
}
/** Google gave no refresh token: access was granted before without `prompt=consent`; consent again. */
export type OAuthNoRefreshToken = OAuthRefusal<"OAUTH_NO_REFRESH_TOKEN">;
/** The clinic unticked a calendar permission on Google's consent screen. */
export type OAuthScopeMissing = OAuthRefusal<"OAUTH_SCOPE_MISSING"> & { readonly missing: readonly string[] };
/** Google refused the code (expired, used twice, another redirect URI) or our client credentials. */
export type OAuthCodeRejected = OAuthRefusal<"OAUTH_CODE_REJECTED">;

export type OAuthConnectError =
  | OAuthStateInvalid
  | OAuthNoRefreshToken
  | OAuthScopeMissing
  | OAuthCodeRejected
  | CalendarUnavailable
  | StoreUnavailable;

const DEFAULT_STATE_TTL_MS = 10 * 60_000;

export class GoogleOAuth {
  private readonly client: OAuth2Client;
  private readonly state: OAuthState;
  private readonly integrations: IntegrationStore;
  private readonly now: () => Date;
  private readonly stateTtlMs: number;
  private readonly scopes: readonly string[];

  constructor(options: GoogleOAuthOptions) {
    this.client = newOAuth2Client(options);
    this.state = new OAuthState(options.stateSecret);
    this.integrations = options.integrations;
    this.now = options.now ?? (() => new Date());
    this.stateTtlMs = options.stateTtlMs ?? DEFAULT_STATE_TTL_MS;
    this.scopes = options.scopes ?? GOOGLE_CALENDAR_SCOPES;
  }

  /** Where to send the clinic to grant us offline access to its calendar. */
  consentUrl(orgId: OrgId): string {
    return this.client.generateAuthUrl({
      access_type: "offline",
      prompt: "consent",
      scope: [...this.scopes],
      include_granted_scopes: true,
      state: this.state.sign(orgId, new Date(this.now().getTime() + this.stateTtlMs)),
    });
  }

  /** The org a callback's `state` names, if we signed it and it has not expired. */
  verifyState(state: string): Result<OrgId, OAuthStateInvalid> {
    return this.state.verify(state, this.now());
  }

  /**
   * The callback: verifies `state`, exchanges `code` for tokens and saves the org's link (calendar
   * `calendarId`, default `primary`). Refuses a grant without a refresh token or without our scopes.
   */
  exchangeCode(
    code: string,
    state: string,
    options: { readonly calendarId?: string } = {},
  ): ResultAsync<CalendarIntegration, OAuthConnectError> {
    const verified = this.verifyState(state);
    if (verified.isErr()) return errAsync(verified.error);
    const orgId = verified.value;
    return this.tokensFor(code)
      .andThen((tokens) => this.grantOf(tokens))
      .andThen(({ tokens, refreshToken }) =>
        this.integrations.save({
          orgId,
          provider: "google",
          calendarId: options.calendarId ?? "primary",
          tokens: {
            accessToken: tokens.access_token ?? null,
            refreshToken,
            expiresAt: tokens.expiry_date ?? null,
            scope: tokens.scope ?? null,
          },
        }),
      );
  }

  private tokensFor(code: string): ResultAsync<Credentials, OAuthCodeRejected | CalendarUnavailable> {
    const exchange = ResultAsync.fromThrowable(
      (c: string) => this.client.getToken(c),
      (e): OAuthCodeRejected | CalendarUnavailable =>
        classifyFailure(e).kind === "transient"
          ? DomainErrors.calendarUnavailable()
          : {
              code: "OAUTH_CODE_REJECTED",
              message: "Google did not accept this sign-in. Please start connecting again.",
              retryable: false,
            },
    );
    return exchange(code).map((r) => r.tokens);
  }

  private grantOf(
    tokens: Credentials,
  ): Result<{ tokens: Credentials; refreshToken: string }, OAuthNoRefreshToken | OAuthScopeMissing> {
    if (!tokens.refresh_token) {
      return err({
        code: "OAUTH_NO_REFRESH_TOKEN",
        message:
          "Google did not give offline access. Remove Voxanne under the Google account's third-party access, then connect again and accept every permission.",
        retryable: false,
      });
    }
    const granted = new Set((tokens.scope ?? "").split(" "));
    const missing = this.scopes.filter((s) => !granted.has(s));
    if (tokens.scope && missing.length > 0) {
      return err({
        code: "OAUTH_SCOPE_MISSING",
        message: "The calendar permissions were not all granted. Please connect again and tick every box.",
        retryable: false,
        missing,
      });
    }
    return ok({ tokens, refreshToken: tokens.refresh_token });
  }
}
