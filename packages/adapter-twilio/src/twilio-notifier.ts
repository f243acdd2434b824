/**
 * @module twilio-notifier
 * The domain's `Notifier` for SMS on the official `twilio` client. Sends from the clinic's
 * sender, else the messaging service or the from-number; the status callback URL carries the
 * message key. A call that sent nothing (429, connection refused) is retried here with jittered
 * backoff; one that may have landed (5xx, timeout) is handed back to the outbox, which looks it
 * up (`lookup`: the recipient's recent messages with the same text, created since the first
 * attempt) before any resend. Never retried: 4xx, and 21610 (opted out).
 */
import type { Notifier, NotifierFailure, OutgoingMessage, SentMessageQuery } from "@voxanne/domain";
import { errAsync, ResultAsync } from "neverthrow";
import twilio from "twilio";
import { classifyTwilioError, safeToRetryNow } from "./twilio-failure.ts";
import { twilioHttpClient } from "./twilio-http.ts";

export interface TwilioRetryTuning {
  /** Attempts per send when nothing was sent (default 3). */
  readonly attempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface TwilioNotifierOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** `TWILIO_FROM_NUMBER`; used when neither the clinic nor a messaging service names a sender. */
  readonly fromNumber: string | null;
  /** `TWILIO_MESSAGING_SERVICE_SID`: preferred over the from-number. */
  readonly messagingServiceSid: string | null;
  /** `TWILIO_API_BASE_URL`: every Twilio host replaced (the emulator); `null`: Twilio. */
  readonly apiBaseUrl: string | null;
  /** Where Twilio reports delivery (`PUBLIC_URL/api/twilio/status`); `null`: no reports. */
  readonly statusCallbackUrl: string | null;
  /** One HTTP request (default 10 s). */
  readonly timeoutMs?: number;
  readonly retry?: TwilioRetryTuning;
}

const LOOKUP_PAGE = 50;
/** Clock skew allowed between us and Twilio when matching a message's creation time. */
const SKEW_MS = 60_000;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class TwilioNotifier implements Notifier {
  readonly channel = "sms" as const;
  private readonly client: twilio.Twilio;
  private readonly options: TwilioNotifierOptions;

  constructor(options: TwilioNotifierOptions) {
    this.options = options;
    this.client = twilio(options.accountSid, options.authToken, {
      accountSid: options.accountSid,
      httpClient: twilioHttpClient(options.apiBaseUrl, options.timeoutMs ?? 10_000),
    });
  }

  send(message: OutgoingMessage): ResultAsync<{ readonly providerId: string }, NotifierFailure> {
    return this.withRetries(() => this.createOnce(message), 1);
  }

  lookup(query: SentMessageQuery): ResultAsync<{ readonly providerId: string } | null, NotifierFailure> {
    const from = query.from ?? (this.options.messagingServiceSid === null ? this.options.fromNumber : null);
    const list = ResultAsync.fromThrowable(
      () => this.client.messages.list({ to: query.to, ...(from === null ? {} : { from }), limit: LOOKUP_PAGE }),
      classifyTwilioError,
    );
    const since = query.since.getTime() - SKEW_MS;
    return list().map((messages) => {
      const hit = messages.find((m) => m.body === query.body && (m.dateCreated?.getTime() ?? 0) >= since);
      return hit === undefined ? null : { providerId: hit.sid };
    });
  }

  private createOnce(message: OutgoingMessage): ResultAsync<{ readonly providerId: string }, NotifierFailure> {
    const create = ResultAsync.fromThrowable(
      () =>
        this.client.messages.create({
          to: message.to,
          body: message.body,
          ...this.sender(message),
          ...this.callback(message),
        }),
      classifyTwilioError,
    );
    return create().map((m) => ({ providerId: m.sid }));
  }

  private sender(message: OutgoingMessage): { from: string } | { messagingServiceSid: string } {
    if (message.from !== null) return { from: message.from };
    const { messagingServiceSid, fromNumber } = this.options;
    if (messagingServiceSid !== null) return { messagingServiceSid };
    return { from: fromNumber ?? "" };
  }

  private callback(message: OutgoingMessage): { statusCallback?: string } {
    const url = this.options.statusCallbackUrl;
    return url === null ? {} : { statusCallback: `${url}?key=${encodeURIComponent(message.key)}` };
  }

  /** `attempt`, again after a jittered backoff while it failed without sending anything. */
  private withRetries<T>(attempt: () => ResultAsync<T, NotifierFailure>, n: number): ResultAsync<T, NotifierFailure> {
    const {
      attempts = 3,
      baseDelayMs = 250,
      maxDelayMs = 4000,
      random = Math.random,
      sleep = sleepFor,
    } = this.options.retry ?? {};
    return attempt().orElse((failure) => {
      if (!safeToRetryNow(failure) || n >= attempts) return errAsync(failure);
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1)) * (0.5 + random() * 0.5);
      return ResultAsync.fromSafePromise(sleep(delay)).andThen(() => this.withRetries(attempt, n + 1));
    });
  }
}
