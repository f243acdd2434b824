/** Reading what Twilio posts: signatures checked with the library, status reports, STOP / START replies. */
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { isSignedByTwilio, parseInbound, parseStatusReport, replyIntent } from "../src/index.ts";

const TOKEN = "secret-token";
const URL = "https://voxanne.example/api/twilio/status?key=a1%3Abooked%3A1%3Asms";
const fields = { MessageSid: "SM1", MessageStatus: "delivered", To: "+447700900123" };

describe("Twilio webhooks", () => {
  it("accepts Twilio's signature over the exact URL and fields, and nothing else", () => {
    const sig = twilio.getExpectedTwilioSignature(TOKEN, URL, fields);
    expect(isSignedByTwilio(TOKEN, sig, URL, fields)).toBe(true);
    expect(isSignedByTwilio("other-token", sig, URL, fields)).toBe(false);
    expect(isSignedByTwilio(TOKEN, sig, URL, { ...fields, MessageStatus: "failed" })).toBe(false);
    expect(isSignedByTwilio(TOKEN, sig, URL.replace("a1", "a2"), fields)).toBe(false);
    expect(isSignedByTwilio(TOKEN, undefined, URL, fields)).toBe(false);
    expect(isSignedByTwilio(TOKEN, "", URL, fields)).toBe(false);
  });

  it("reads a status report", () => {
    expect(parseStatusReport(fields)).toEqual({ providerId: "SM1", status: "delivered", errorCode: null });
    expect(parseStatusReport({ To: "+44" })).toBeNull();
  });

  it.each([
    ["STOP", "opt-out"],
    [" stop ", "opt-out"],
    ["Unsubscribe", "opt-out"],
    ["STOPALL", "opt-out"],
    ["START", "opt-in"],
    ["unstop", "opt-in"],
    ["C", "cancel"],
    [" c. ", "cancel"],
    ["Cancel", "opt-out"],
    ["please stop calling", "other"],
  ] as const)("reads %j as %s", (body, intent) => {
    expect(replyIntent(body)).toBe(intent);
  });

  it("reads an inbound message", () => {
    expect(parseInbound({ From: "+447700900123", To: "+447700900000", Body: "STOP", MessageSid: "SM9" })).toEqual({
      messageId: "SM9",
      from: "+447700900123",
      to: "+447700900000",
      body: "STOP",
      intent: "opt-out",
    });
    expect(parseInbound({ Body: "STOP" })).toBeNull();
  });
});
