/**
 * @module smtp-notifier
 * The domain's `Notifier` for email over SMTP (`nodemailer`, any provider: `SMTP_URL`), from
 * `EMAIL_FROM`, with the appointment attached as an ICS file when the clinic wants it. The
 * Message-ID is derived from the message key, so a resend carries the same id (mail systems that
 * deduplicate on it show one). SMTP cannot be asked what it delivered: `lookup` finds nothing, so
 * an email whose answer was lost (a timeout after DATA) may be sent twice; the README says so.
 * Failures: a connection that never opened (command `CONN`), or a 4xx reply, sent nothing (retried); a 5xx reply
 * is refused for good; anything after the data went out may have landed.
 */

import { createHash } from "node:crypto";
import type { Notifier, NotifierFailure, OutgoingMessage } from "@voxanne/domain";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import nodemailer from "nodemailer";
import { appointmentIcs } from "./appointment-ics.ts";

export interface SmtpNotifierOptions {
  /** `SMTP_URL`, e.g. `smtps://user:pass@smtp.example.com:465`. */
  readonly url: string;
  /** `EMAIL_FROM`, e.g. `"Harbour Street Clinic" <bookings@example.com>`. */
  readonly from: string;
  /** Connection, greeting and socket timeouts (default 10 s). */
  readonly timeoutMs?: number;
}

const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ECONNECTION", "EDNS"]);

export function classifySmtpError(e: unknown): NotifierFailure {
  const fields =
    typeof e === "object" && e !== null ? (e as { code?: unknown; responseCode?: unknown; command?: unknown }) : {};
  const detail = e instanceof Error ? e.message : String(e);
  const reply = typeof fields.responseCode === "number" ? fields.responseCode : null;
  if (reply !== null && reply >= 500) return { reason: "REJECTED", retryable: false, detail };
  if (reply !== null && reply >= 400) return { reason: "RATE_LIMITED", retryable: true, detail };
  const neverSent = (typeof fields.code === "string" && NEVER_SENT.has(fields.code)) || fields.command === "CONN";
  if (neverSent) return { reason: "UNAVAILABLE", retryable: true, detail };
  return { reason: "MAY_HAVE_LANDED", retryable: true, detail };
}

const messageId = (key: string) =>
  `<${createHash("sha256").update(key).digest("hex").slice(0, 32)}@voxanne.notifications>`;

function smtpTransport(url: string, timeoutMs: number) {
  return nodemailer.createTransport({
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}

export class SmtpNotifier implements Notifier {
  readonly channel = "email" as const;
  private readonly transport: ReturnType<typeof smtpTransport>;
  private readonly from: string;

  constructor(options: SmtpNotifierOptions) {
    this.transport = smtpTransport(options.url, options.timeoutMs ?? 10_000);
    this.from = options.from;
  }

  send(message: OutgoingMessage): ResultAsync<{ readonly providerId: string }, NotifierFailure> {
    const ics = message.event === null ? null : appointmentIcs(message.event);
    if (ics !== null && "error" in ics) return errAsync({ reason: "REJECTED", retryable: false, detail: ics.error });
    const id = messageId(message.key);
    const mail = {
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.body,
      messageId: id,
      ...(ics === null
        ? {}
        : {
            icalEvent: {
              method: message.event?.cancelled ? "CANCEL" : "REQUEST",
              filename: "appointment.ics",
              content: ics.ics,
            },
          }),
    };
    const sendMail = ResultAsync.fromThrowable(() => this.transport.sendMail(mail), classifySmtpError);
    return sendMail().map(() => ({ providerId: id }));
  }

  lookup(): ResultAsync<{ readonly providerId: string } | null, NotifierFailure> {
    return okAsync(null);
  }

  close(): void {
    this.transport.close();
  }
}
