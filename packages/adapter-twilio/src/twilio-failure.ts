/**
 * @module twilio-failure
 * What a failed Twilio call means for the message: 429, or a connection that never opened, sent
 * nothing (safe to try again now); a 5xx, a reset or a timeout after the request went out may
 * have landed (the outbox looks it up before any resend); 21610 is a recipient who replied STOP
 * (opted out, never retried); any other 4xx is refused for good.
 */
import type { NotifierFailure } from "@voxanne/domain";

/** Twilio's "Attempt to send to unsubscribed recipient". */
export const TWILIO_OPTED_OUT = 21610;

/** Socket errors raised before the request was written: nothing reached Twilio. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

interface ErrorFields {
  readonly status?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

const fields = (e: unknown): ErrorFields => (typeof e === "object" && e !== null ? e : {});

export function classifyTwilioError(e: unknown): NotifierFailure {
  const { status, code, message } = fields(e);
  const detail = `${typeof status === "number" ? `HTTP ${status}` : String(code ?? "error")}: ${String(message ?? e)}`;
  if (typeof status === "number") {
    if (status === 429) return { reason: "RATE_LIMITED", retryable: true, detail };
    if (status >= 500) return { reason: "MAY_HAVE_LANDED", retryable: true, detail };
    if (code === TWILIO_OPTED_OUT) return { reason: "OPTED_OUT", retryable: false, detail };
    return { reason: "REJECTED", retryable: false, detail };
  }
  if (typeof code === "string" && NEVER_SENT.has(code)) return { reason: "UNAVAILABLE", retryable: true, detail };
  return { reason: "MAY_HAVE_LANDED", retryable: true, detail };
}

/** Worth trying again at once (with backoff): nothing was sent. */
export const safeToRetryNow = (f: NotifierFailure): boolean =>
  f.reason === "RATE_LIMITED" || f.reason === "UNAVAILABLE";
