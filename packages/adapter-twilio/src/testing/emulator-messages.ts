/**
 * @module testing/emulator-messages
 * The Twilio emulator's messages: created, fetched, listed (newest first, filtered by To / From),
 * serialised the way Twilio's REST API answers (snake_case, RFC 2822 dates), and the numbers that
 * replied STOP (a send to them is refused with 21610, as Twilio does).
 */
import { randomBytes } from "node:crypto";

export interface EmulatedMessage {
  readonly sid: string;
  readonly to: string;
  readonly from: string | null;
  readonly messagingServiceSid: string | null;
  readonly body: string;
  readonly statusCallback: string | null;
  readonly createdAt: Date;
  status: string;
}

export interface CreateParams {
  readonly To?: string;
  readonly From?: string;
  readonly MessagingServiceSid?: string;
  readonly Body?: string;
  readonly StatusCallback?: string;
}

/** RFC 2822, as Twilio writes dates: `Sun, 22 Nov 2026 05:51:00 +0000`. */
const rfc2822 = (d: Date) => d.toUTCString().replace("GMT", "+0000");

export class EmulatorMessages {
  readonly sent: EmulatedMessage[] = [];
  readonly optedOut = new Set<string>();
  private readonly accountSid: string;

  constructor(accountSid: string) {
    this.accountSid = accountSid;
  }

  /** The new message, or Twilio's error (status, code, message). */
  create(p: CreateParams, now: Date): EmulatedMessage | { status: number; code: number; message: string } {
    if (p.To === undefined || !/^\+[1-9]\d{6,14}$/.test(p.To)) {
      return { status: 400, code: 21211, message: `The 'To' number ${p.To ?? ""} is not a valid phone number.` };
    }
    if (p.From === undefined && p.MessagingServiceSid === undefined) {
      return { status: 400, code: 21603, message: "A 'From' or 'MessagingServiceSid' parameter is required." };
    }
    if (p.Body === undefined || p.Body === "")
      return { status: 400, code: 21602, message: "Message body is required." };
    if (this.optedOut.has(p.To)) {
      return { status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient" };
    }
    const message: EmulatedMessage = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      to: p.To,
      from: p.From ?? null,
      messagingServiceSid: p.MessagingServiceSid ?? null,
      body: p.Body,
      statusCallback: p.StatusCallback ?? null,
      createdAt: now,
      status: "queued",
    };
    this.sent.push(message);
    return message;
  }

  find(sid: string): EmulatedMessage | undefined {
    return this.sent.find((m) => m.sid === sid);
  }

  list(to: string | null, from: string | null): EmulatedMessage[] {
    return this.sent.filter((m) => (to === null || m.to === to) && (from === null || m.from === from)).reverse();
  }

  json(m: EmulatedMessage): Record<string, unknown> {
    const uri = `/2010-04-01/Accounts/${this.accountSid}/Messages/${m.sid}.json`;
    return {
      sid: m.sid,
      account_sid: this.accountSid,
      to: m.to,
      from: m.from,
      messaging_service_sid: m.messagingServiceSid,
      body: m.body,
      status: m.status,
      direction: "outbound-api",
      num_segments: "1",
      num_media: "0",
      date_created: rfc2822(m.createdAt),
      date_updated: rfc2822(m.createdAt),
      date_sent: m.status === "queued" ? null : rfc2822(m.createdAt),
      error_code: null,
      error_message: null,
      price: null,
      price_unit: "GBP",
      api_version: "2010-04-01",
      uri,
      subresource_uris: {},
    };
  }

  page(messages: readonly EmulatedMessage[], uri: string, pageSize: number): Record<string, unknown> {
    return {
      messages: messages.slice(0, pageSize).map((m) => this.json(m)),
      end: Math.min(messages.length, pageSize) - 1,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
      page: 0,
      page_size: pageSize,
      start: 0,
      uri,
    };
  }
}
