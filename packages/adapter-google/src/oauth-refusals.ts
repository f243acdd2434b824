/**
 * @module oauth-refusals
 * What the connect callback can refuse with besides an invalid state (`oauth-state`), each a
 * stable code, a message for the clinic's admin and `retryable`, and the union `exchangeCode`
 * answers with. Every refusal leaves the clinic's link and tokens as they were.
 */
import type { CalendarUnavailable, StoreUnavailable } from "@voxanne/domain";
import type { OAuthStateInvalid } from "./oauth-state.ts";

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
/** Google's answer named no account we can read (no ID token, or not one issued to our client). */
export type OAuthAccountUnknown = OAuthRefusal<"OAUTH_ACCOUNT_UNKNOWN">;
/** Another Google account than the clinic's linked one, and the admin did not ask to switch. */
export type OAuthAccountMismatch = OAuthRefusal<"OAUTH_ACCOUNT_MISMATCH">;

export type OAuthConnectError =
  | OAuthStateInvalid
  | OAuthNoRefreshToken
  | OAuthScopeMissing
  | OAuthCodeRejected
  | OAuthAccountUnknown
  | OAuthAccountMismatch
  | CalendarUnavailable
  | StoreUnavailable;

const refusal = <C extends string>(code: C, message: string): OAuthRefusal<C> => ({ code, message, retryable: false });

export const OAuthRefusals = {
  noRefreshToken: (): OAuthNoRefreshToken =>
    refusal(
      "OAUTH_NO_REFRESH_TOKEN",
      "Google did not give offline access. Remove Voxanne under the Google account's third-party access, then connect again and accept every permission.",
    ),
  scopeMissing: (missing: readonly string[]): OAuthScopeMissing => ({
    ...refusal(
      "OAUTH_SCOPE_MISSING",
      "The calendar permissions were not all granted. Please connect again and tick every box.",
    ),
    missing,
  }),
  codeRejected: (): OAuthCodeRejected =>
    refusal("OAUTH_CODE_REJECTED", "Google did not accept this sign-in. Please start connecting again."),
  accountUnknown: (): OAuthAccountUnknown =>
    refusal(
      "OAUTH_ACCOUNT_UNKNOWN",
      "Google did not say which account granted access, so nothing was linked. Please start connecting again.",
    ),
  accountMismatch: (): OAuthAccountMismatch =>
    refusal(
      "OAUTH_ACCOUNT_MISMATCH",
      "You signed in to Google with another account than the one this clinic's calendar is linked to, so the link was kept as it was. Connect again signed in as the linked account, or start again asking to switch accounts (switchAccount=true) to move the clinic to this one.",
    ),
};
