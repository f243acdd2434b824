/**
 * @module ports/calendar-connect.port
 * Linking a clinic's calendar account (Google's OAuth consent in production): where to send the
 * clinic's admin, and what to do with the provider's redirect.
 */
import type { ResultAsync } from "neverthrow";
import type { StoreUnavailable } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

/** Why a link could not be completed (bad or expired state, no refresh token, …): said to the admin. */
export interface ConnectRefused {
  /** The provider adapter's stable code, e.g. `OAUTH_STATE_INVALID`, `OAUTH_NO_REFRESH_TOKEN`. */
  readonly code: string;
  readonly message: string;
}

export interface CalendarConnect {
  /** The consent page to send the clinic's admin to (carries a signed, expiring state). */
  consentUrl(orgId: OrgId): string;

  /** Handles the provider's redirect: verifies `state`, exchanges `code`, stores the link; the clinic linked. */
  complete(code: string, state: string): ResultAsync<{ orgId: OrgId }, ConnectRefused | StoreUnavailable>;
}
