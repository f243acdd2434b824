/**
 * @module ports/integration-store.port
 * A clinic's link to its Google Calendar: tokens and status. Refresh tokens are stored encrypted
 * by the adapter that writes them; this port hands them over in the clear.
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
}
