/**
 * @module ports/integration-store.port
 * A clinic's link to its Google Calendar: tokens and status. Refresh tokens are stored encrypted
 * by the adapter that writes them; this port hands them over in the clear. A store that encrypts
 * can hold the current key and previous ones: it reads with any, writes with the current one,
 * says which links are still on a previous key and re-encrypts them (key rotation).
 */
import type { ResultAsync } from "neverthrow";
import type { CalendarNotLinked, StoreUnavailable } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

export type IntegrationStatus = "active" | "reauth_required";

export interface CalendarTokens {
  readonly accessToken: string | null;
  readonly refreshToken: string;
  /** Epoch milliseconds; `null` when the provider gave none. */
  readonly expiresAt: number | null;
  readonly scope: string | null;
}

export interface CalendarIntegration {
  readonly orgId: OrgId;
  readonly provider: "google";
  readonly calendarId: string;
  readonly status: IntegrationStatus;
  readonly tokens: CalendarTokens;
  /** Why re-authorisation is needed, when it is. */
  readonly statusReason: string | null;
}

/** Which configured key a link's stored tokens open with: the current (first) one, a previous one, or none. */
export type TokenKeyState = "current" | "previous" | "unreadable";

export interface TokenKeyUsage {
  readonly orgId: OrgId;
  readonly key: TokenKeyState;
}

/** What a rotation did, link by link. */
export interface KeyRotationReport {
  /** Links whose tokens were re-encrypted with the current key. */
  readonly resealed: readonly OrgId[];
  /** Links already on the current key (including links a refresh rewrote while the rotation ran). */
  readonly alreadyCurrent: readonly OrgId[];
  /** Links no configured key opens: left untouched (restore their key, or reconnect the clinic). */
  readonly unreadable: readonly OrgId[];
}

export interface IntegrationStore {
  /** The org's calendar link, or `CALENDAR_NOT_LINKED`. */
  get(orgId: OrgId): ResultAsync<CalendarIntegration, CalendarNotLinked | StoreUnavailable>;

  /** Links (or relinks) a calendar: status becomes `active`. */
  save(
    integration: Omit<CalendarIntegration, "status" | "statusReason">,
  ): ResultAsync<CalendarIntegration, StoreUnavailable>;

  /** Stores refreshed tokens; a missing refresh token keeps the stored one. */
  updateTokens(
    orgId: OrgId,
    tokens: Omit<CalendarTokens, "refreshToken"> & { readonly refreshToken: string | null },
  ): ResultAsync<void, CalendarNotLinked | StoreUnavailable>;

  /** Marks the link `reauth_required`: the clinic must reconnect; nobody retries until then. */
  markReauthRequired(orgId: OrgId, reason: string): ResultAsync<void, CalendarNotLinked | StoreUnavailable>;

  /** Every link and its status, for readiness and metrics. */
  list(): ResultAsync<CalendarIntegration[], StoreUnavailable>;

  /**
   * Which key each link's tokens are sealed with, ordered by org (readiness reports links still on
   * a previous key). Only stores that encrypt have keys; one without this method has none.
   */
  keyUsage?(): ResultAsync<TokenKeyUsage[], StoreUnavailable>;

  /**
   * Re-encrypts every link not on the current key with it. A link a refresh rewrites meanwhile is
   * not overwritten (its new tokens are already on the current key); an unreadable link is left
   * as it is. Safe to run again, and while the service runs.
   */
  rotateKeys?(): ResultAsync<KeyRotationReport, StoreUnavailable>;
}
