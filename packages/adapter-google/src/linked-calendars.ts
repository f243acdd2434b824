/**
 * @module linked-calendars
 * The token lifecycle. One `OAuth2Client` per linked org, cached, so concurrent callers share one
 * in-flight refresh and a token is refreshed only when it is within the eager-refresh threshold
 * of its expiry (google-auth-library's rule). Every refresh is persisted through the
 * `IntegrationStore` (`null` refresh token when Google sent none: the store keeps the old one).
 *
 * Each call reads the link from the store first: `reauth_required` fails fast with no HTTP
 * request and drops the cached client; a re-saved link (another refresh token) replaces it.
 * A broken grant marks the link `reauth_required`.
 */
import { calendar, type calendar_v3 } from "@googleapis/calendar";
import {
  type CalendarError,
  type CalendarIntegration,
  DomainErrors,
  type IntegrationStore,
  type OrgId,
} from "@voxanne/domain";
import type { Credentials, OAuth2Client } from "google-auth-library";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { calendarRootUrl, type GoogleClientConfig, newOAuth2Client } from "./google-config.ts";

/** A past instant, truthy (google-auth-library ignores `0`): the token counts as expired. */
const EXPIRED = 1;

/** An org's live link: the Calendar API bound to the org's cached OAuth client. */
export interface LinkedCalendar {
  readonly orgId: OrgId;
  readonly api: calendar_v3.Calendar;
  readonly client: OAuth2Client;
  /** The refresh token the client was built with: a different one in the store means relinked. */
  readonly refreshToken: string;
}

export class LinkedCalendars {
  private readonly links = new Map<OrgId, LinkedCalendar>();
  private readonly store: IntegrationStore;
  private readonly config: GoogleClientConfig;
  private readonly eagerRefreshMs: number | undefined;

  constructor(store: IntegrationStore, config: GoogleClientConfig, eagerRefreshMs?: number) {
    this.store = store;
    this.config = config;
    this.eagerRefreshMs = eagerRefreshMs;
  }

  /** The org's link: `CALENDAR_NOT_LINKED`, `CALENDAR_REAUTH_REQUIRED` (no request sent), or the client. */
  open(orgId: OrgId): ResultAsync<LinkedCalendar, CalendarError> {
    return this.store
      .get(orgId)
      .mapErr((e) => (e.code === "CALENDAR_NOT_LINKED" ? e : DomainErrors.calendarUnavailable()))
      .andThen((integration) => {
        if (integration.status === "reauth_required") {
          this.forget(orgId);
          return errAsync(DomainErrors.calendarReauthRequired());
        }
        const cached = this.links.get(orgId);
        if (cached !== undefined && cached.refreshToken === integration.tokens.refreshToken) return okAsync(cached);
        const link = this.build(integration);
        this.links.set(orgId, link);
        return okAsync(link);
      });
  }

  /** Drops the org's cached client; the next call builds one from the store. */
  forget(orgId: OrgId): void {
    this.links.delete(orgId);
  }

  /** Marks the link `reauth_required` (best effort), drops its client, and says so. */
  reauthRequired(link: LinkedCalendar, reason: string): ResultAsync<never, CalendarError> {
    if (this.links.get(link.orgId) === link) this.forget(link.orgId);
    return this.store
      .markReauthRequired(link.orgId, reason)
      .orElse(() => okAsync(undefined))
      .andThen(() => errAsync(DomainErrors.calendarReauthRequired()));
  }

  private build(integration: CalendarIntegration): LinkedCalendar {
    const client = newOAuth2Client(this.config, this.eagerRefreshMs);
    const { accessToken, refreshToken, expiresAt, scope } = integration.tokens;
    client.setCredentials({
      refresh_token: refreshToken,
      ...(accessToken === null ? {} : { access_token: accessToken, token_type: "Bearer" }),
      // Unknown expiry: refresh before the first call rather than trust a token of unknown age.
      expiry_date: expiresAt ?? EXPIRED,
      ...(scope === null ? {} : { scope }),
    });
    const rootUrl = calendarRootUrl(this.config);
    const api = calendar({ version: "v3", auth: client, ...(rootUrl === undefined ? {} : { rootUrl }) });
    const link: LinkedCalendar = { orgId: integration.orgId, api, client, refreshToken };
    client.on("tokens", (tokens: Credentials) => this.persist(link, tokens));
    return link;
  }

  /** Stores a refresh's tokens, unless the link was replaced meanwhile (a newer grant wins). */
  private persist(link: LinkedCalendar, tokens: Credentials): void {
    if (this.links.get(link.orgId) !== link) return;
    void this.store.updateTokens(link.orgId, {
      accessToken: tokens.access_token ?? null,
      refreshToken: tokens.refresh_token ?? null,
      expiresAt: tokens.expiry_date ?? null,
      scope: tokens.scope ?? null,
    });
  }
}

/** The access token the client holds now. */
export function heldAccessToken(link: LinkedCalendar): string | null {
  return link.client.credentials.access_token ?? null;
}

/** Makes the client refresh before its next request (after Google refused the token we hold). */
export function expireAccessToken(link: LinkedCalendar): void {
  link.client.setCredentials({ ...link.client.credentials, expiry_date: EXPIRED });
}
