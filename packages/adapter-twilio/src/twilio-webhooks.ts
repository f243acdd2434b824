/**
 * @module twilio-webhooks
 * What Twilio posts to us: a status callback (a message's delivery state) or an inbound message
 * (a patient's reply), form-encoded and signed with the auth token (`X-Twilio-Signature`, checked
 * with the library's `validateRequest` over the exact URL Twilio called and the form fields).
 * A reply of STOP / STOPALL / UNSUBSCRIBE / CANCEL / END / QUIT opts the number out, START / YES /
 * UNSTOP opts it back in (Twilio's own keywords, so our record agrees with Twilio's blocking);
 * "C" asks to cancel (where the clinic has two-way SMS: "Reply C to cancel.").
 */
import type { ReplyIntent } from "@voxanne/domain";
import twilio from "twilio";

export type FormFields = Readonly<Record<string, string>>;

export function isSignedByTwilio(
  authToken: string,
  signature: string | undefined,
  url: string,
  fields: FormFields,
): boolean {
  if (signature === undefined || signature === "") return false;
  return twilio.validateRequest(authToken, signature, url, { ...fields });
}

export interface StatusReport {
  readonly providerId: string;
  readonly status: string;
  readonly errorCode: string | null;
}

export function parseStatusReport(fields: FormFields): StatusReport | null {
  const providerId = fields.MessageSid ?? fields.SmsSid;
  const status = fields.MessageStatus ?? fields.SmsStatus;
  if (providerId === undefined || status === undefined) return null;
  return { providerId, status, errorCode: fields.ErrorCode ?? null };
}

const OPT_OUT = new Set(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]);
const OPT_IN = new Set(["START", "YES", "UNSTOP"]);

export function replyIntent(body: string): ReplyIntent {
  const word = body
    .trim()
    .toUpperCase()
    .replace(/[.!]+$/, "");
  if (OPT_OUT.has(word)) return "opt-out";
  if (word === "C") return "cancel";
  return OPT_IN.has(word) ? "opt-in" : "other";
}

export interface InboundMessage {
  /** Twilio's id of the reply (`MessageSid`): a redelivered webhook carries the same. */
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly intent: ReplyIntent;
}

export function parseInbound(fields: FormFields): InboundMessage | null {
  const { From: from, To: to, Body: body } = fields;
  if (from === undefined || to === undefined) return null;
  const messageId = fields.MessageSid ?? fields.SmsSid ?? `${from}:${to}:${body ?? ""}`;
  return { messageId, from, to, body: body ?? "", intent: replyIntent(body ?? "") };
}
