/**
 * @module oauth-state
 * The OAuth `state` parameter: names the org that started the connect, signed so the callback
 * cannot be pointed at another org, and expiring. Format: `base64url(payload).base64url(mac)`,
 * payload `{"org","exp","nonce"}`, mac HMAC-SHA256 over the encoded payload with a server secret.
 * Verification compares MACs in constant time and refuses with a tagged value, never a throw.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { OrgId } from "@voxanne/domain";
import { err, ok, type Result } from "neverthrow";

export type StateProblem = "malformed" | "bad_signature" | "expired";

export interface OAuthStateInvalid {
  readonly code: "OAUTH_STATE_INVALID";
  readonly message: string;
  readonly retryable: false;
  readonly problem: StateProblem;
}

const refuse = (problem: StateProblem): OAuthStateInvalid => ({
  code: "OAUTH_STATE_INVALID",
  message: "This calendar connection link is invalid or has expired. Please start connecting again.",
  retryable: false,
  problem,
});

/** Shortest accepted secret, in bytes of UTF-8. */
export const MIN_STATE_SECRET_LENGTH = 32;

export class OAuthState {
  private readonly secret: Buffer;

  constructor(secret: string) {
    this.secret = Buffer.from(secret, "utf8");
    if (this.secret.length < MIN_STATE_SECRET_LENGTH) {
      throw new Error(`the OAuth state secret needs at least ${MIN_STATE_SECRET_LENGTH} bytes`);
    }
  }

  /** A state naming `orgId`, valid until `expiresAt`. */
  sign(orgId: OrgId, expiresAt: Date): string {
    const payload = JSON.stringify({
      org: orgId,
      exp: expiresAt.getTime(),
      nonce: randomBytes(16).toString("base64url"),
    });
    const encoded = Buffer.from(payload, "utf8").toString("base64url");
    return `${encoded}.${this.mac(encoded).toString("base64url")}`;
  }

  /** The org a state names, if it is ours, untampered and not expired at `now`. */
  verify(state: string, now: Date): Result<OrgId, OAuthStateInvalid> {
    const [encoded, mac, ...rest] = state.split(".");
    if (encoded === undefined || mac === undefined || rest.length > 0) return err(refuse("malformed"));
    const given = Buffer.from(mac, "base64url");
    const expected = this.mac(encoded);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return err(refuse("bad_signature"));
    const payload = parse(encoded);
    if (payload === null) return err(refuse("malformed"));
    return payload.exp > now.getTime() ? ok(payload.org) : err(refuse("expired"));
  }

  private mac(encoded: string): Buffer {
    return createHmac("sha256", this.secret).update(encoded).digest();
  }
}

function parse(encoded: string): { org: OrgId; exp: number } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
    if (typeof value !== "object" || value === null) return null;
    const { org, exp } = value as Record<string, unknown>;
    return typeof org === "string" && typeof exp === "number" ? { org: org as OrgId, exp } : null;
  } catch {
    return null;
  }
}
