/**
 * Exactly once against the emulator: the domain's sendNotification over the in-memory outbox,
 * the real `twilio` client, and 30% of creates failing (429, 500, landed then 500, slow answers
 * past the client's timeout). 100 bookings → 100 confirmations at the emulator, none twice; the
 * reminders due in the test window go once each; a number that replied STOP gets nothing more.
 */

import { defaultClinicSettings, type OrgId, type PhoneNumber, sendNotification } from "@voxanne/domain";
import {
  bookCommand,
  InMemoryBookingStore,
  InMemoryClinicDirectory,
  InMemoryNotificationOutbox,
  InMemoryNotificationSettings,
  ManualClock,
  MemoryDatabase,
} from "@voxanne/domain/testing";
import { afterEach, describe, expect, it } from "vitest";
import { TwilioNotifier } from "../src/index.ts";
import { TwilioEmulator, TwilioFaults } from "../src/testing/index.ts";

const CLINIC = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
const FROM = "+447700900000";
const phone = (n: number) => `+4477009010${String(n).padStart(2, "0")}` as PhoneNumber;

let emulator: TwilioEmulator | undefined;
afterEach(() => emulator?.close());

async function world() {
  // The contract's base instant is 2027-01-12 09:00Z; now is two days before.
  const clock = new ManualClock("2027-01-10T08:00:00Z");
  emulator = await TwilioEmulator.start({ now: () => clock.nowSync() });
  const db = new MemoryDatabase({ now: () => clock.nowSync() });
  new InMemoryClinicDirectory(db).add(defaultClinicSettings(CLINIC, "Harbour Street Clinic"));
  const store = new InMemoryBookingStore({ db });
  const outbox = new InMemoryNotificationOutbox(db);
  const settings = new InMemoryNotificationSettings(db);
  const sms = new TwilioNotifier({
    accountSid: emulator.accountSid,
    authToken: emulator.authToken,
    fromNumber: FROM,
    messagingServiceSid: null,
    apiBaseUrl: emulator.url,
    statusCallbackUrl: null,
    timeoutMs: 150,
    retry: { sleep: async () => undefined },
  });
  const deps = { outbox, settings, notifiers: { sms }, clock };
  /** Passes until nothing is due, stepping the clock over backoffs (never past `until`). */
  async function drain(until: Date): Promise<void> {
    for (let i = 0; i < 200; i++) {
      for (const job of (await outbox.claim(25, 30))._unsafeUnwrap())
        (await sendNotification(deps, job))._unsafeUnwrap();
      const summary = (await outbox.summary())._unsafeUnwrap();
      if (summary.due > 0) continue;
      const next = db
        .notifications()
        .jobs.filter((j) => j.state === "pending")
        .map((j) => j.nextAttemptAt.getTime());
      const soonest = Math.min(...next);
      if (!Number.isFinite(soonest) || soonest > until.getTime()) return;
      clock.set(new Date(Math.max(soonest, clock.nowSync().getTime())));
    }
    throw new Error("did not drain");
  }
  return { clock, db, store, settings, emulator, drain };
}

describe("notifications through the emulator, 30% of sends failing", () => {
  it("100 bookings: 100 confirmations, none twice; each reminder once", async () => {
    const { store, emulator, drain, clock } = await world();
    emulator.failRandomly({
      rate: 0.3,
      seed: 13,
      faults: [
        TwilioFaults.tooManyRequests,
        TwilioFaults.serverError,
        TwilioFaults.landThen500,
        TwilioFaults.slow(300),
      ],
    });
    for (let n = 0; n < 100; n++) {
      // Ten minutes apart, each with a practitioner of its own (the booking kit gives a clinic it did
      // not make a new one per booking): the reminders all fall inside the window.
      const command = bookCommand(CLINIC, { phone: phone(n), email: null, name: null }, n * 10);
      (await store.book(command))._unsafeUnwrap();
    }
    await drain(new Date("2027-01-10T12:00:00Z"));
    const texts = (n: number) => emulator.sentTo(phone(n)).map((m) => m.body);
    for (let n = 0; n < 100; n++) expect(texts(n).filter((t) => t.includes("you're booked"))).toHaveLength(1);
    expect(emulator.messages.sent).toHaveLength(100);
    expect(emulator.createRequests).toBeGreaterThan(100);

    clock.set("2027-01-11T09:00:00Z");
    await drain(new Date("2027-01-12T08:59:00Z"));
    for (let n = 0; n < 100; n++) expect(texts(n).filter((t) => t.includes("a reminder"))).toHaveLength(1);
    expect(emulator.messages.sent).toHaveLength(200);
    await new Promise((r) => setTimeout(r, 350)); // let the slow answers finish before closing
  });

  it("a number that replied STOP gets no later message: dropped as opted out, not retried", async () => {
    const { store, settings, emulator, drain, db } = await world();
    await emulator.reply(phone(1), FROM, "STOP", "http://127.0.0.1:9/unused").catch(() => undefined);
    (await settings.setOptOut(null, phone(1), true))._unsafeUnwrap();
    (await store.book(bookCommand(CLINIC, { phone: phone(1), email: null, name: null }, 0)))._unsafeUnwrap();
    await drain(new Date("2027-01-10T12:00:00Z"));
    expect(emulator.sentTo(phone(1))).toEqual([]);
    const sms = db.notifications().jobs.filter((j) => j.channel === "sms" && j.kind === "booked");
    expect(sms.map((j) => [j.state, j.outcome])).toEqual([["dropped", "OPTED_OUT"]]);
  });

  it("a STOP only Twilio knows of (21610) opts the number out here too", async () => {
    const { store, settings, emulator, drain, db } = await world();
    await emulator.reply(phone(2), FROM, "STOP", "http://127.0.0.1:9/unused").catch(() => undefined);
    (await store.book(bookCommand(CLINIC, { phone: phone(2), email: null, name: null }, 0)))._unsafeUnwrap();
    await drain(new Date("2027-01-10T12:00:00Z"));
    const sms = db.notifications().jobs.filter((j) => j.channel === "sms" && j.kind === "booked");
    expect(sms.map((j) => [j.state, j.outcome])).toEqual([["dropped", "OPTED_OUT"]]);
    expect(db.notifications().optOuts.has(`${CLINIC} ${phone(2)}`)).toBe(true);
    expect((await settings.setOptOut(null, phone(2), false))._unsafeUnwrap()).toBe(1);
  });
});
