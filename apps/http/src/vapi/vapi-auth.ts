/**
 * @module vapi/vapi-auth
 * Is this request from our Vapi account? Accepted: `Authorization: Bearer <secret>`,
 * `X-Vapi-Secret: <secret>`, or an HMAC-SHA256 `x-signature` over `{x-timestamp}.{body}` (hex,
 * optionally prefixed `sha256=`) with a fresh timestamp. Secrets are compared in constant time.
 */
import { createHmac, hash, timingSafeEqual } from "node:crypto";

export type VapiAuthMethod = "bearer" | "x-vapi-secret" | "hmac" | "none-configured";

export type VapiAuthFailure = "missing-credentials" | "wrong-secret" | "bad-signature" | "stale-timestamp";

export interface VapiAuthSettings {
  /** `null` in local development: then nothing is checked (the server listens on loopback only). */
  readonly secret: string | null;
  readonly signatureMaxAgeSeconds: number;
}

type Headers = (name: string) => string | undefined;

/** Constant-time equality of two strings of any length (both are hashed first). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => hash("sha256", s, "buffer");
  return timingSafeEqual(digest(given), digest(expected));
}

export function signBody(secret: string, timestamp: string, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

export function authenticateVapi(
  settings: VapiAuthSettings,
  header: Headers,
  rawBody: string,
  nowMs: number,
): { ok: true; method: VapiAuthMethod } | { ok: false; failure: VapiAuthFailure } {
  const secret = settings.secret;
  if (secret === null) return { ok: true, method: "none-configured" };
  const signature = header("x-signature");
  if (signature !== undefined)
    return checkSignature(settings, secret, signature, header("x-timestamp"), rawBody, nowMs);
  const authorization = header("authorization");
  if (authorization !== undefined) {
    const token = authorization.replace(/^Bearer\s+/i, "");
    return sameSecret(token, secret) ? { ok: true, method: "bearer" } : { ok: false, failure: "wrong-secret" };
  }
  const legacy = header("x-vapi-secret");
  if (legacy !== undefined) {
    return sameSecret(legacy, secret) ? { ok: true, method: "x-vapi-secret" } : { ok: false, failure: "wrong-secret" };
  }
  return { ok: false, failure: "missing-credentials" };
}

function checkSignature(
  settings: VapiAuthSettings,
  secret: string,
  signature: string,
  timestamp: string | undefined,
  rawBody: string,
  nowMs: number,
): { ok: true; method: VapiAuthMethod } | { ok: false; failure: VapiAuthFailure } {
  if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp)) return { ok: false, failure: "stale-timestamp" };
  const n = Number(timestamp);
  const sentMs = n > 1e12 ? n : n * 1000;
  if (Math.abs(nowMs - sentMs) > settings.signatureMaxAgeSeconds * 1000)
    return { ok: false, failure: "stale-timestamp" };
  const given = signature.replace(/^sha256=/i, "").toLowerCase();
  return sameSecret(given, signBody(secret, timestamp, rawBody))
    ? { ok: true, method: "hmac" }
    : { ok: false, failure: "bad-signature" };
}
