/**
 * @module ports/calendar-connect.port
 * Linking a clinic's calendar account (Google's OAuth consent in production): where to send the
 * clinic's admin (each consent link is an attempt, usable once), and what to do with the
 * provider's redirect.
 */
import type { ResultAsync } from "neverthrow";
import type { StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

/** Why a link could not be completed (bad, used or expired state, another account, …): said to the admin. */
export interface ConnectRefused {
  /**
   * The provider adapter's stable code, e.g. `OAUTH_STATE_INVALID` (forged, used, expired),
   * `OAUTH_ACCOUNT_MISMATCH`, `OAUTH_NO_REFRESH_TOKEN`.
   */
  readonly code: string;
  readonly message: string;
}

export interface ConsentOptions {
  /**
   * The admin means to link another account than the one the clinic is linked to. Without it, a
   * relink that comes back from another account is refused and the existing link is kept.
   */
  readonly switchAccount?: boolean;
}

export interface CalendarConnect {
  /**
   * The consent page to send the clinic's admin to. Records the attempt (single use, expiring,
   * pinned to the account linked now unless `switchAccount`) before the link is handed out.
   */
  consentUrl(orgId: OrgId, options?: ConsentOptions): ResultAsync<string, UnknownOrg | StoreUnavailable>;

  /**
   * Handles the provider's redirect: verifies `state` and uses its attempt up (a second use is
   * refused before anything else happens), exchanges `code`, checks the account, stores the link.
   */
  complete(code: string, state: string): ResultAsync<{ orgId: OrgId }, ConnectRefused | StoreUnavailable>;
}
