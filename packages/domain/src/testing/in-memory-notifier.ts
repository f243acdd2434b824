/**
 * @module testing/in-memory-notifier
 * A Notifier that keeps what it sent, with faults a test chooses per send: nothing sent
 * (`UNAVAILABLE`, `RATE_LIMITED`), sent but answered with a failure (`MAY_HAVE_LANDED`: the
 * "landed then 500" case), refused (`REJECTED`, `OPTED_OUT`). `lookup` finds what landed, as
 * a provider without idempotency keys can: by recipient and text, sent since the first attempt.
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { Channel } from "../notifications/notification.ts";
import type {
  Notifier,
  NotifierFailure,
  NotifierFailureReason,
  OutgoingMessage,
  SentMessageQuery,
} from "../ports/notifier.port.ts";

export type NotifierFault = NotifierFailureReason | "LANDED_THEN_FAILED" | null;

export interface SentRecord {
  readonly providerId: string;
  readonly message: OutgoingMessage;
  readonly at: Date;
}

const RETRYABLE: ReadonlySet<NotifierFailureReason> = new Set(["RATE_LIMITED", "UNAVAILABLE", "MAY_HAVE_LANDED"]);

const failure = (reason: NotifierFailureReason): NotifierFailure => ({
  reason,
  retryable: RETRYABLE.has(reason),
  detail: `injected ${reason}`,
});

export class InMemoryNotifier implements Notifier {
  readonly channel: Channel;
  readonly sent: SentRecord[] = [];
  /** The fault for the next send (`null`: it succeeds); a lookup fails with `lookupFault`. */
  fault: (message: OutgoingMessage) => NotifierFault = () => null;
  lookupFault: () => NotifierFailureReason | null = () => null;

  private readonly now: () => Date;

  /** `now` stamps each send, as the provider's clock would (a lookup searches from `since`). */
  constructor(channel: Channel, now: () => Date = () => new Date()) {
    this.channel = channel;
    this.now = now;
  }

  send(message: OutgoingMessage): ResultAsync<{ readonly providerId: string }, NotifierFailure> {
    const fault = this.fault(message);
    if (fault !== null && fault !== "LANDED_THEN_FAILED" && fault !== "MAY_HAVE_LANDED")
      return errAsync(failure(fault));
    const providerId = `${this.channel}-${this.sent.length + 1}`;
    this.sent.push({ providerId, message, at: this.now() });
    return fault === null ? okAsync({ providerId }) : errAsync(failure("MAY_HAVE_LANDED"));
  }

  lookup(query: SentMessageQuery): ResultAsync<{ readonly providerId: string } | null, NotifierFailure> {
    const fault = this.lookupFault();
    if (fault !== null) return errAsync(failure(fault));
    const hit = this.sent.find(
      (s) => s.message.to === query.to && s.message.body === query.body && s.at.getTime() >= query.since.getTime(),
    );
    return okAsync(hit === undefined ? null : { providerId: hit.providerId });
  }

  /** How many messages went out with this key. */
  count(key: string): number {
    return this.sent.filter((s) => s.message.key === key).length;
  }
}
