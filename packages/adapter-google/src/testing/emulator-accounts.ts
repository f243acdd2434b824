/**
 * @module testing/emulator-accounts
 * The emulator's OAuth side: Google accounts, their grants (refresh tokens), the access tokens it
 * issued (with expiry) and one-use authorization codes. Refresh answers like Google: a new access
 * token, no refresh token; an unknown or revoked grant is `invalid_grant`. A code exchanged with
 * `openid` in its scope also answers an ID token naming the account (`sub`), issued to the client
 * (`aud`); it is not signed (a dummy signature part), which the adapter does not check anyway.
 * The consent screen grants as the signed-in account (`signIn`; `EMULATOR_ACCOUNT` by default).
 */
import { randomBytes } from "node:crypto";

export interface Grant {
  /** The Google account the grant belongs to (its calendars are the account's). */
  readonly account: string;
  readonly refreshToken: string;
  readonly accessToken: string;
  /** Epoch ms at which the access token expires. */
  readonly expiresAt: number;
  readonly scope: string;
}

export interface TokenResponse {
  readonly access_token: string;
  readonly expires_in: number;
  readonly scope: string;
  readonly token_type: "Bearer";
  readonly refresh_token?: string;
  /** With `openid` in the scope: a JWT whose `sub` is the account. */
  readonly id_token?: string;
}

export interface CodeOptions {
  readonly account?: string;
  /** Google leaves the refresh token out when consent was not forced (default true). */
  readonly withRefreshToken?: boolean;
  readonly scope?: string;
  readonly redirectUri?: string;
}

/** Everything the adapter asks for: the two calendar scopes and `openid`. */
export const FULL_SCOPE =
  "openid https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy";

/** The account the consent screen grants as until another one signs in. */
export const EMULATOR_ACCOUNT = "emulator-account";

const token = (prefix: string) => `${prefix}-${randomBytes(12).toString("base64url")}`;

export class EmulatorAccounts {
  private readonly grants = new Map<string, { account: string; scope: string; revoked: boolean }>();
  private readonly accessTokens = new Map<string, { refreshToken: string; expiresAt: number }>();
  private readonly codes = new Map<string, Required<Omit<CodeOptions, "redirectUri">> & { redirectUri?: string }>();
  private readonly now: () => number;
  /** Lifetime of the access tokens the token endpoint issues, in ms. */
  accessTokenTtlMs = 3_600_000;
  private signedIn = EMULATOR_ACCOUNT;

  constructor(now: () => number) {
    this.now = now;
  }

  /** A grant as if the clinic had connected: its access token lives `accessTokenTtlMs` (or `expiresInMs`). */
  grant(options: { account?: string; expiresInMs?: number; scope?: string } = {}): Grant {
    const account = options.account ?? token("account");
    const refreshToken = token("refresh");
    const scope = options.scope ?? FULL_SCOPE;
    this.grants.set(refreshToken, { account, scope, revoked: false });
    const { accessToken, expiresAt } = this.issue(refreshToken, options.expiresInMs ?? this.accessTokenTtlMs);
    return { account, refreshToken, accessToken, expiresAt, scope };
  }

  /** The browser's Google session: the consent screen grants as `account` from now on. */
  signIn(account: string): void {
    this.signedIn = account;
  }

  /** The account the consent screen grants as. */
  get signedInAccount(): string {
    return this.signedIn;
  }

  /** A one-use code the token endpoint exchanges for a new grant. */
  authorizationCode(options: CodeOptions = {}): string {
    const code = token("code");
    this.codes.set(code, {
      account: options.account ?? token("account"),
      withRefreshToken: options.withRefreshToken ?? true,
      scope: options.scope ?? FULL_SCOPE,
      ...(options.redirectUri === undefined ? {} : { redirectUri: options.redirectUri }),
    });
    return code;
  }

  /** `null`: `invalid_grant`. */
  refresh(refreshToken: string): TokenResponse | null {
    const grant = this.grants.get(refreshToken);
    if (grant === undefined || grant.revoked) return null;
    const { accessToken } = this.issue(refreshToken, this.accessTokenTtlMs);
    return this.response(accessToken, grant.scope);
  }

  /**
   * `null`: `invalid_grant` (unknown, used, or another redirect URI). The ID token, when the
   * scope has `openid`, is issued to `clientId`.
   */
  exchange(code: string, redirectUri: string | null, clientId = ""): TokenResponse | null {
    const issued = this.codes.get(code);
    this.codes.delete(code);
    if (issued === undefined || (issued.redirectUri !== undefined && issued.redirectUri !== redirectUri)) return null;
    const refreshToken = token("refresh");
    this.grants.set(refreshToken, { account: issued.account, scope: issued.scope, revoked: false });
    const { accessToken } = this.issue(refreshToken, this.accessTokenTtlMs);
    const response = {
      ...this.response(accessToken, issued.scope),
      ...(issued.scope.split(" ").includes("openid") ? { id_token: this.idToken(issued.account, clientId) } : {}),
    };
    return issued.withRefreshToken ? { ...response, refresh_token: refreshToken } : response;
  }

  /** The account an access token acts for, or `null` when it is unknown, expired or revoked. */
  accountOf(accessToken: string): string | null {
    const issued = this.accessTokens.get(accessToken);
    if (issued === undefined || issued.expiresAt <= this.now()) return null;
    const grant = this.grants.get(issued.refreshToken);
    return grant === undefined || grant.revoked ? null : grant.account;
  }

  /** Revokes a grant: refreshes fail with `invalid_grant`, its access tokens with 401. */
  revoke(refreshToken: string): void {
    const grant = this.grants.get(refreshToken);
    if (grant !== undefined) grant.revoked = true;
  }

  /** Every access token issued so far stops working (401), grants stay valid. */
  expireAccessTokens(): void {
    for (const issued of this.accessTokens.values()) issued.expiresAt = 0;
  }

  private idToken(account: string, clientId: string): string {
    const part = (value: object) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
    const iat = Math.floor(this.now() / 1000);
    const claims = {
      iss: "https://accounts.google.com",
      aud: clientId,
      azp: clientId,
      sub: account,
      iat,
      exp: iat + 3600,
    };
    return `${part({ alg: "RS256", kid: "emulator", typ: "JWT" })}.${part(claims)}.${token("signature")}`;
  }

  private issue(refreshToken: string, ttlMs: number): { accessToken: string; expiresAt: number } {
    const accessToken = token("access");
    const expiresAt = this.now() + ttlMs;
    this.accessTokens.set(accessToken, { refreshToken, expiresAt });
    return { accessToken, expiresAt };
  }

  private response(accessToken: string, scope: string): TokenResponse {
    return {
      access_token: accessToken,
      expires_in: Math.round(this.accessTokenTtlMs / 1000),
      scope,
      token_type: "Bearer",
    };
  }
}
