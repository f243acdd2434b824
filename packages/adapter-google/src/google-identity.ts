/**
 * @module google-identity
 * Which Google account granted a code: the `sub` of the ID token that the token endpoint returns
 * beside the tokens when the `openid` scope was asked for (Google's stable, never reused account
 * id; no email or profile is asked for or read). The token comes straight from Google's token
 * endpoint over TLS, in answer to a request authenticated with our client secret, so its issuer is
 * established by that channel and its signature is not checked (OpenID Connect Core 1.0 §3.1.3.7,
 * item 6); its issuer and audience (our client id) are still checked.
 */

/** The scope that makes Google return an ID token; it grants no API access. */
export const GOOGLE_IDENTITY_SCOPE = "openid";

const ISSUERS = new Set(["https://accounts.google.com", "accounts.google.com"]);

/** The account (`sub`) an ID token names, if it reads, is Google's and was issued to `clientId`. */
export function accountOf(idToken: string | null | undefined, clientId: string): string | null {
  const claims = claimsOf(idToken ?? "");
  if (claims === null) return null;
  const { iss, aud, sub } = claims;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (typeof iss !== "string" || !ISSUERS.has(iss) || !audiences.includes(clientId)) return null;
  return typeof sub === "string" && sub !== "" ? sub : null;
}

function claimsOf(jwt: string): Record<string, unknown> | null {
  const [, payload, signature, ...rest] = jwt.split(".");
  if (payload === undefined || signature === undefined || rest.length > 0) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
