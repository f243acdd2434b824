/**
 * @module google-failure
 * What a failed Google call means for us. Every error thrown by the client libraries (HTTP
 * answers, token-endpoint answers, network errors, timeouts) is sorted into one of a few kinds;
 * the gateway decides from the kind whether to retry, refresh, give up or ask for re-consent.
 */
import { GaxiosError } from "gaxios";

export type GoogleFailure =
  /** Worth another try within the budget: 429, 5xx, 403 rate limits, network errors, timeouts. */
  | { readonly kind: "transient"; readonly retryAfterMs: number | null; readonly detail: string }
  /** 401 from the Calendar API: the access token was refused. */
  | { readonly kind: "unauthorized" }
  /** The grant is gone for good (`invalid_grant`, missing permission): the clinic must reconnect. */
  | { readonly kind: "grant_broken"; readonly reason: string }
  /** Google refused the request itself (400, unexpected 4xx, daily quota): retrying now cannot help. */
  | { readonly kind: "refused"; readonly status: number | null; readonly detail: string };

const RATE_LIMIT_REASONS = new Set(["rateLimitExceeded", "userRateLimitExceeded"]);
const QUOTA_REASONS = new Set(["quotaExceeded", "dailyLimitExceeded"]);

/** Sorts anything a Google call threw (or rejected with) into a `GoogleFailure`. */
export function classifyFailure(error: unknown): GoogleFailure {
  if (!(error instanceof GaxiosError)) return classifyNonHttp(error);
  const status = error.response?.status;
  if (status === undefined) return { kind: "transient", retryAfterMs: null, detail: networkDetail(error) };
  const data: unknown = error.response?.data;
  const oauthError = oauthErrorCode(data);
  if (oauthError !== null) return classifyTokenEndpoint(status, oauthError, data);
  const reason = googleReason(data);
  if (status === 401) return { kind: "unauthorized" };
  if (status === 403 && reason !== null && RATE_LIMIT_REASONS.has(reason)) return transient(error, status, reason);
  if (status === 403 && reason !== null && QUOTA_REASONS.has(reason))
    return { kind: "refused", status, detail: `403 ${reason}` };
  if (status === 403) return { kind: "grant_broken", reason: `Google refused access (403 ${reason ?? "forbidden"})` };
  if (status === 408 || status === 429 || status >= 500) return transient(error, status, reason);
  return { kind: "refused", status, detail: `${status} ${reason ?? ""}`.trim() };
}

function classifyTokenEndpoint(status: number, oauthError: string, data: unknown): GoogleFailure {
  if (oauthError === "invalid_grant") {
    const description = fieldOf(data, "error_description");
    return { kind: "grant_broken", reason: `invalid_grant${description === null ? "" : `: ${description}`}` };
  }
  if (status === 429 || status >= 500) return { kind: "transient", retryAfterMs: null, detail: `token ${status}` };
  // invalid_client, unauthorized_client, …: our configuration, not the clinic's grant.
  return { kind: "refused", status, detail: `token endpoint ${status} ${oauthError}` };
}

function classifyNonHttp(error: unknown): GoogleFailure {
  const name = error instanceof Error ? error.name : "";
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  if (name === "AbortError" || name === "TimeoutError" || /^E[A-Z]+$/.test(code)) {
    return { kind: "transient", retryAfterMs: null, detail: `${name} ${code}`.trim() };
  }
  return { kind: "refused", status: null, detail: error instanceof Error ? error.message : String(error) };
}

function transient(error: GaxiosError, status: number, reason: string | null): GoogleFailure {
  return { kind: "transient", retryAfterMs: retryAfterMs(error), detail: `${status} ${reason ?? ""}`.trim() };
}

/** Token-endpoint errors carry `{ error: "invalid_grant" }`; Calendar errors carry `{ error: { … } }`. */
function oauthErrorCode(data: unknown): string | null {
  return fieldOf(data, "error");
}

/** The first `errors[].reason` of a Google API error body. */
function googleReason(data: unknown): string | null {
  if (typeof data !== "object" || data === null || !("error" in data)) return null;
  const inner = data.error;
  if (typeof inner !== "object" || inner === null || !("errors" in inner) || !Array.isArray(inner.errors)) return null;
  const first: unknown = inner.errors[0];
  return fieldOf(first, "reason");
}

function fieldOf(data: unknown, key: string): string | null {
  if (typeof data !== "object" || data === null) return null;
  const value = (data as Record<string, unknown>)[key];
  return typeof value === "string" ? value : null;
}

function retryAfterMs(error: GaxiosError): number | null {
  const header = error.response?.headers?.get("retry-after");
  const seconds = header === null || header === undefined ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

function networkDetail(error: GaxiosError): string {
  return `network ${error.code ?? error.name}`;
}
