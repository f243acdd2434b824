/**
 * @module ports/notifier.port
 * Sends one message to one recipient over one channel (SMS: Twilio; email: SMTP). The caller
 * chooses the message key; providers without an idempotency key (Twilio has none) cannot dedupe
 * on it, so `lookup` answers whether a message that may have landed did land, before any resend.
 */
import type { ResultAsync } from "neverthrow";
import type { Channel } from "../notifications/notification.ts";

/** The appointment, for an email's calendar attachment. */
export interface MessageEvent {
  readonly uid: string;
  readonly title: string;
  readonly start: Date;
  readonly end: Date;
  readonly cancelled: boolean;
  readonly location: string | null;
  /** Bumped by every change (the appointment's version), so a calendar replaces the older copy. */
  readonly sequence: number;
}

export interface OutgoingMessage {
  readonly channel: Channel;
  /** E.164 number (SMS) or address (email). */
  readonly to: string;
  /** The clinic's sender; `null`: the provider's default (from-number / messaging service / EMAIL_FROM). */
  readonly from: string | null;
  readonly subject: string;
  readonly body: string;
  readonly key: string;
  /** For email: attach this as an ICS file; `null`: no attachment. */
  readonly event: MessageEvent | null;
}

export type NotifierFailureReason =
  /** Throttled (429): try again later; nothing was sent. */
  | "RATE_LIMITED"
  /** The provider or the network failed before the request reached it: nothing was sent. */
  | "UNAVAILABLE"
  /** The request went out and the answer did not come back (timeout, 5xx): it may have landed. */
  | "MAY_HAVE_LANDED"
  /** The recipient has opted out with the provider (Twilio 21610): not sent, never retried. */
  | "OPTED_OUT"
  /** Refused for good (a 4xx: bad number, bad sender): not retried. */
  | "REJECTED";

export interface NotifierFailure {
  readonly reason: NotifierFailureReason;
  readonly retryable: boolean;
  readonly detail: string;
}

/** Where a message lookup searches: the message as first prepared, and since when. */
export interface SentMessageQuery {
  readonly to: string;
  readonly from: string | null;
  readonly body: string;
  readonly key: string;
  readonly since: Date;
}

export interface Notifier {
  readonly channel: Channel;
  /** Sends the message; the provider's id for it. */
  send(message: OutgoingMessage): ResultAsync<{ readonly providerId: string }, NotifierFailure>;
  /** The provider's id of a message sent for this query, or `null` when none landed. */
  lookup(query: SentMessageQuery): ResultAsync<{ readonly providerId: string } | null, NotifierFailure>;
}
