/**
 * The Twilio notifier on the real `twilio` client against the local emulator: what it sends,
 * which failures it retries at once (429, nothing sent), which it hands back as "may have landed"
 * (500, landed then 500, a slow answer past the timeout), which it never retries (4xx, 21610),
 * and the lookup that finds a message that landed.
 */
import type { OutgoingMessage } from "@voxanne/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TwilioNotifier, type TwilioNotifierOptions } from "../src/index.ts";
import { TwilioEmulator, TwilioFaults } from "../src/testing/index.ts";

let emulator: TwilioEmulator;
beforeEach(async () => {
  emulator = await TwilioEmulator.start();
});
afterEach(() => emulator.close());

const FROM = "+447700900000";
const TO = "+447700900123";

function notifier(overrides: Partial<TwilioNotifierOptions> = {}): TwilioNotifier {
  return new TwilioNotifier({
    accountSid: emulator.accountSid,
    authToken: emulator.authToken,
    fromNumber: FROM,
    messagingServiceSid: null,
    apiBaseUrl: emulator.url,
    statusCallbackUrl: "https://voxanne.example/api/twilio/status",
    timeoutMs: 2000,
    retry: { sleep: async () => undefined },
    ...overrides,
  });
}

const message = (body = "Harbour Street Clinic: you're booked on Tue 1 Dec at 2:30pm."): OutgoingMessage => ({
  channel: "sms",
  to: TO,
  from: null,
  subject: "Your appointment",
  body,
  key: "a1:booked:1:sms",
  event: null,
});

describe("TwilioNotifier against the emulator", () => {
  it("sends one message from the from-number, the message key in the status callback URL", async () => {
    const sent = (await notifier().send(message()))._unsafeUnwrap();
    const [landed] = emulator.sentTo(TO);
    expect(landed).toMatchObject({ sid: sent.providerId, from: FROM, body: message().body });
    expect(landed?.statusCallback).toBe("https://voxanne.example/api/twilio/status?key=a1%3Abooked%3A1%3Asms");
  });

  it("sends through the messaging service when one is configured, and from the clinic's own sender when it has one", async () => {
    const service = notifier({ messagingServiceSid: "MG0123" });
    await service.send(message());
    await service.send({ ...message(), from: "HARBOURST" });
    expect(emulator.sentTo(TO).map((m) => [m.messagingServiceSid, m.from])).toEqual([
      ["MG0123", null],
      [null, "HARBOURST"],
    ]);
  });

  it("retries a 429 at once with backoff (nothing was sent) and sends once", async () => {
    emulator.failNext(TwilioFaults.tooManyRequests, TwilioFaults.tooManyRequests);
    const delays: number[] = [];
    const n = notifier({ retry: { sleep: async (ms) => void delays.push(ms), random: () => 0 } });
    expect((await n.send(message())).isOk()).toBe(true);
    expect([emulator.createRequests, emulator.sentTo(TO).length]).toEqual([3, 1]);
    expect(delays).toEqual([125, 250]);
  });

  it.each([
    ["a 500", TwilioFaults.serverError, 0],
    ["landed then 500", TwilioFaults.landThen500, 1],
    ["a slow answer past the timeout", TwilioFaults.slow(1500), 1],
  ])("hands %s back as MAY_HAVE_LANDED without resending; the lookup finds what landed", async (_, fault, landed) => {
    emulator.failNext(fault);
    const before = new Date();
    const n = notifier({ timeoutMs: 500 });
    const failed = (await n.send(message()))._unsafeUnwrapErr();
    expect([failed.reason, failed.retryable, emulator.createRequests]).toEqual(["MAY_HAVE_LANDED", true, 1]);
    const query = { to: TO, from: null, body: message().body, key: "a1:booked:1:sms", since: before };
    const found = (await n.lookup(query))._unsafeUnwrap();
    expect(found === null ? 0 : 1).toBe(landed);
    if (found !== null) expect(found.providerId).toBe(emulator.sentTo(TO)[0]?.sid);
  });

  it("the lookup ignores the same text sent before the first attempt", async () => {
    await notifier().send(message());
    const query = { to: TO, from: null, body: message().body, key: "k", since: new Date(Date.now() + 120_000) };
    expect((await notifier().lookup(query))._unsafeUnwrap()).toBeNull();
  });

  it("never retries a 4xx: a bad number is REJECTED, a number that replied STOP is OPTED_OUT (21610)", async () => {
    const bad = (await notifier().send({ ...message(), to: "12345" }))._unsafeUnwrapErr();
    expect([bad.reason, bad.retryable]).toEqual(["REJECTED", false]);
    await emulator.reply(TO, FROM, "STOP", `${emulator.url}/nowhere`);
    const stopped = (await notifier().send(message()))._unsafeUnwrapErr();
    expect([stopped.reason, stopped.retryable]).toEqual(["OPTED_OUT", false]);
    expect([emulator.createRequests, emulator.messages.sent.length]).toEqual([2, 0]);
  });

  it("a network failure before anything was sent is UNAVAILABLE (retried), after the attempts", async () => {
    const down = notifier();
    await emulator.close();
    const failed = (await down.send(message()))._unsafeUnwrapErr();
    expect([failed.reason, failed.retryable]).toEqual(["UNAVAILABLE", true]);
    emulator = await TwilioEmulator.start();
  });
});
