/**
 * @module @voxanne/adapter-google
 * Google Calendar adapter. `GoogleCalendarGateway` implements the domain's `CalendarGateway` on
 * `@googleapis/calendar` with one cached `OAuth2Client` per linked org (shared refreshes, tokens
 * persisted through the `IntegrationStore`, `invalid_grant` → `reauth_required`), event ids fixed
 * by the appointment id so retries converge, and jittered retries bounded by the caller's budget.
 * `GoogleOAuth` is the connect flow behind the app's OAuth routes: a consent URL whose signed,
 * expiring `state` names a stored, single-use connect attempt, and the code exchange that uses it
 * up, pins the Google account (`openid`) and saves the link. Both take `googleBaseUrl` to talk
 * to a local emulator instead of Google (`@voxanne/adapter-google/testing`, `pnpm emulator:google`).
 */
export type { AttemptLimits, RetryTuning } from "./call-budget.ts";
export {
  DEFAULT_GOOGLE_BUDGET_MS,
  GoogleCalendarGateway,
  type GoogleCalendarGatewayOptions,
} from "./google-calendar-gateway.ts";
export { DEFAULT_TOKEN_TIMEOUT_MS, type GoogleClientConfig } from "./google-config.ts";
export { GOOGLE_IDENTITY_SCOPE } from "./google-identity.ts";
export {
  GOOGLE_CALENDAR_SCOPES,
  GOOGLE_OAUTH_SCOPES,
  GoogleOAuth,
  type GoogleOAuthOptions,
} from "./google-oauth.ts";
export type {
  OAuthAccountMismatch,
  OAuthAccountUnknown,
  OAuthCodeRejected,
  OAuthConnectError,
  OAuthNoRefreshToken,
  OAuthScopeMissing,
} from "./oauth-refusals.ts";
export {
  MIN_STATE_SECRET_LENGTH,
  type OAuthStateInvalid,
  type SignedState,
  type StateProblem,
} from "./oauth-state.ts";
