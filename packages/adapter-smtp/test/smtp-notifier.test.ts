/** The SMTP notifier against the local sink: the email, its ICS attachment, and what a refusal means. */
import type { OutgoingMessage } from "@voxanne/domain";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appointmentIcs, SmtpNotifier } from "../src/index.ts";
import { SmtpSink } from "../src/testing/index.ts";

let sink: SmtpSink;
beforeEach(async () => {
  sink = await SmtpSink.start();
});
afterEach(() => sink.close());

const event = {
  uid: "a1@voxanne",
  title: "Consultation at Harbour Street Clinic",
  start: new Date("2026-12-01T14:30:00Z"),
  end: new Date("2026-12-01T15:00:00Z"),
  cancelled: false,
  location: "Harbour Street Clinic",
  sequence: 1,
};

const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  channel: "email",
  to: "amira@example.com",
  from: null,
  subject: "Harbour Street Clinic: Your appointment",
  body: "Harbour Street Clinic: you're booked on Tue 1 Dec at 2:30pm.",
  key: "a1:booked:1:email",
  event,
  ...overrides,
});

const notifier = () => new SmtpNotifier({ url: sink.url, from: "bookings@harbour.example", timeoutMs: 2000 });

describe("SmtpNotifier against the sink", () => {
  it("sends the email from EMAIL_FROM with the appointment as an ICS attachment", async () => {
    const sent = (await notifier().send(message()))._unsafeUnwrap();
    const [mail] = sink.received;
    expect(mail?.from).toBe("bookings@harbour.example");
    expect(mail?.to).toEqual(["amira@example.com"]);
    expect(mail?.raw).toContain("you're booked on Tue 1 Dec at 2:30pm.");
    expect(mail?.raw).toContain(`Message-ID: ${sent.providerId}`);
    expect(mail?.raw).toContain("text/calendar");
    expect(mail?.raw).toContain("appointment.ics");
  });

  it("the same key gives the same Message-ID; no attachment when the message has no event", async () => {
    const a = (await notifier().send(message({ event: null })))._unsafeUnwrap();
    const b = (await notifier().send(message({ event: null })))._unsafeUnwrap();
    expect(a.providerId).toBe(b.providerId);
    expect(sink.received[0]?.raw).not.toContain("text/calendar");
  });

  it("a 4xx reply is retried later, a 5xx reply is refused for good", async () => {
    sink.refuseNext.push(451, 550);
    const later = (await notifier().send(message()))._unsafeUnwrapErr();
    const never = (await notifier().send(message()))._unsafeUnwrapErr();
    expect([later.retryable, never.reason, never.retryable]).toEqual([true, "REJECTED", false]);
    expect(sink.received).toEqual([]);
  });

  it("a server that is not there sent nothing: UNAVAILABLE, retried", async () => {
    const down = notifier();
    await sink.close();
    const failed = (await down.send(message()))._unsafeUnwrapErr();
    expect([failed.reason, failed.retryable]).toEqual(["UNAVAILABLE", true]);
    sink = await SmtpSink.start();
  });

  it("the ICS is one UTC event with a stable UID and the version as SEQUENCE; a cancel is METHOD:CANCEL", () => {
    const made = appointmentIcs({ ...event, cancelled: true, sequence: 3 });
    if (!("ics" in made)) throw new Error(made.error);
    expect(made.ics).toContain("UID:a1@voxanne");
    expect(made.ics).toContain("DTSTART:20261201T143000Z");
    expect(made.ics).toContain("SEQUENCE:3");
    expect(made.ics).toContain("METHOD:CANCEL");
    expect(made.ics).toContain("STATUS:CANCELLED");
  });
});
