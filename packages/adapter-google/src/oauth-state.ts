/**
 * @module oauth-state
 * The OAuth `state` parameter: names the org that started the connect and the attempt's nonce
 * (its single-use key in the `ConnectAttempts` store), signed so the callback cannot be pointed at
 * another org or attempt, and expiring. Format: `base64url(payload).base64url(mac)`, payload
 * `{"org","exp","nonce"}`, mac HMAC-SHA256 over the encoded payload with a server secret.
 * Verification compares MACs in constant time and refuses with a tagged value, never a throw.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { OrgId } from "@voxanne/domain";
import { err, ok, type Result } from "neverthrow";

/**
 * Why a state is refused: not ours or not readable (`malformed`, `bad_signature`), past its
 * expiry (`expired`), or its attempt already used (`used`) or not known to the store (`unknown`).
 */
export type StateProblem = "malformed" | "bad_signature" | "expired" | "used" | "unknown";

export interface OAuthStateInvalid {
  readonly code: "OAUTH_STATE_INVALID";
  readonly message: string;
  readonly retryable: false;
  readonly problem: StateProblem;
}

const MESSAGES: Readonly<Record<StateProblem, string>> = {
  malformed: "This calendar connection link is not valid, so nothing was changed. Please start connecting again.",
  bad_signature: "This calendar connection link is not valid, so nothing was changed. Please start connecting again.",
  expired: "This calendar connection link has expired, so nothing was changed. Please start connecting again.",
  used: "This calendar connection link has already been used, so nothing was changed. To link or relink the calendar, start connecting again.",
  unknown:
    "This calendar connection link was not issued by this server or is too old, so nothing was changed. Please start connecting again.",
};

/** The refusal of a state, with the admin's message for its problem. */
export const refuseState = (problem: StateProblem): OAuthStateInvalid => ({
  code: "OAUTH_STATE_INVALID",
  message: MESSAGES[problem],
  retryable: false,
  problem,
});

/** What a state we signed names. */
export interface SignedState {
  readonly orgId: OrgId;
  /** The connect attempt's single-use key. */
  readonly nonce: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

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

  /** A state naming the org and the attempt's nonce, valid until `expiresAt`. */
  sign({ orgId, nonce, expiresAt }: SignedState): string {
    const payload = JSON.stringify({ org: orgId, exp: expiresAt, nonce });
    const encoded = Buffer.from(payload, "utf8").toString("base64url");
    return `${encoded}.${this.mac(encoded).toString("base64url")}`;
  }

  /** What a state names, if it is ours, untampered and not expired at `now`. */
  verify(state: string, now: Date): Result<SignedState, OAuthStateInvalid> {
    const [encoded, mac, ...rest] = state.split(".");
    if (encoded === undefined || mac === undefined || rest.length > 0) return err(refuseState("malformed"));
    const given = Buffer.from(mac, "base64url");
    const expected = this.mac(encoded);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return err(refuseState("bad_signature"));
    const payload = parse(encoded);
    if (payload === null) return err(refuseState("malformed"));
    return payload.expiresAt > now.getTime() ? ok(payload) : err(refuseState("expired"));
  }

  private mac(encoded: string): Buffer {
    return createHmac("sha256", this.secret).update(encoded).digest();
  }
}

function parse(encoded: string): SignedState | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
    if (typeof value !== "object" || value === null) return null;
    const { org, exp, nonce } = value as Record<string, unknown>;
    if (typeof org !== "string" || typeof exp !== "number" || typeof nonce !== "string") return null;
    return { orgId: org as OrgId, nonce, expiresAt: exp };
  } catch {
    return null;
  }
}
