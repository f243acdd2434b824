/**
 * Property suite for notifications over the in-memory twins: random sequences of book /
 * reschedule / cancel / retried bookings / abandoned claims, with worker passes and the notifier
 * failing at random (nothing sent, or "landed then failed"). After the worker drains: every
 * change has exactly one message per channel, no other confirmation went out, each live
 * appointment has at most one pending reminder per channel, for its current version and at the
 * right instant (none when it was booked inside the window), and cancelled ones have none.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { type Appointment, CHANNELS, type MessageKind, messageKey, reminderInstant } from "../../src/index.ts";
import type { NotifierFault } from "../../src/testing/index.ts";
import { bookCommand, placementAt } from "../../src/testing/index.ts";
import type { Email } from "../../src/values/email.ts";
import type { PhoneNumber } from "../../src/values/phone-number.ts";
import { CLINIC, notificationWorld } from "../support/notification-world.ts";

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 150);
const seed = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };

type Op =
  | { readonly op: "book"; readonly slot: number; readonly who: number; readonly key: string | null }
  | { readonly op: "reschedule"; readonly pick: number; readonly slot: number }
  | { readonly op: "cancel"; readonly pick: number }
  | { readonly op: "pass"; readonly limit: number }
  | { readonly op: "abandon" }
  | { readonly op: "wait"; readonly seconds: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("book" as const),
    slot: fc.nat(40),
    who: fc.nat(3),
    key: fc.option(fc.constantFrom("k1", "k2", "k3")),
  }),
  fc.record({ op: fc.constant("reschedule" as const), pick: fc.nat(), slot: fc.nat(40) }),
  fc.record({ op: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("pass" as const), limit: fc.integer({ min: 1, max: 6 }) }),
  fc.constant({ op: "abandon" as const }),
  fc.record({ op: fc.constant("wait" as const), seconds: fc.nat(600) }),
);
const faultArb: fc.Arbitrary<NotifierFault> = fc.constantFrom(
  null,
  null,
  null,
  "UNAVAILABLE",
  "RATE_LIMITED",
  "LANDED_THEN_FAILED",
);

/** The instant of the contract's slot `n` (hourly from 2027-01-12 09:00Z: the first ones inside 24 h of the start). */
const slotMinutes = (n: number) => n * 60;

interface Change {
  readonly appointmentId: string;
  readonly kind: Exclude<MessageKind, "reminder">;
  readonly version: number;
}

async function run(ops: readonly Op[], faults: readonly NotifierFault[]) {
  const world = notificationWorld();
  let sends = 0;
  const nextFault = () => faults[sends++ % Math.max(1, faults.length)] ?? null;
  world.sms.fault = nextFault;
  world.email.fault = nextFault;
  const changes: Change[] = [];
  /** Each appointment now, and when and at which version it last changed for the patient. */
  const live = new Map<
    string,
    { readonly appointment: Appointment; readonly changedAt: Date; readonly version: number }
  >();
  const ids: string[] = [];
  const pick = (n: number) => ids[n % Math.max(1, ids.length)];
  for (const o of ops) await apply(o);
  // Drain: faults go on for a while, then stop; time moves only to the next due retry.
  for (let i = 0; i < 400; i++) {
    if (i === 40) world.sms.fault = world.email.fault = () => null;
    const due = world.db.notifications().jobs.filter((j) => j.state === "pending" && j.kind !== "reminder");
    if (due.length === 0) break;
    const next = Math.min(...due.map((j) => Math.max(j.nextAttemptAt.getTime(), j.lockedUntil?.getTime() ?? 0)));
    if (next > world.clock.nowSync().getTime()) world.clock.set(new Date(next));
    await world.pass();
  }
  return { world, changes, live };

  async function apply(o: Op): Promise<void> {
    const who = (n: number) => ({
      phone: `+4477009003${n}` as PhoneNumber,
      email: `p${n}@example.com` as Email,
      name: null,
    });
    if (o.op === "book") {
      const command = bookCommand(CLINIC, who(o.who), slotMinutes(o.slot), { idempotencyKey: o.key });
      const r = await world.store.book(command);
      if (r.isErr() || r.value.replayed) return;
      const a = r.value.receipt.appointment;
      ids.push(a.id);
      record(a, "booked");
    } else if (o.op === "reschedule" || o.op === "cancel") {
      const id = pick(o.pick);
      if (id === undefined) return;
      const r =
        o.op === "cancel"
          ? await world.store.cancel(CLINIC, id)
          : await world.store.reschedule({ orgId: CLINIC, appointmentId: id, ...times(o.slot) });
      const before = live.get(id)?.appointment;
      if (r.isErr() || before === undefined || r.value.version === before.version) return;
      // A "move" to the same time changes nothing the patient needs to hear.
      if (r.value.status === before.status && r.value.startsAt.getTime() === before.startsAt.getTime()) {
        const last = live.get(id);
        if (last !== undefined) live.set(id, { ...last, appointment: r.value });
        return;
      }
      record(r.value, o.op === "cancel" ? "cancelled" : "rescheduled");
    } else if (o.op === "pass") await world.pass(o.limit);
    else if (o.op === "abandon") await world.outbox.claim(3, 60);
    else world.clock.advance(o.seconds * 1000);
  }

  function record(a: Appointment, kind: Change["kind"]): void {
    changes.push({ appointmentId: a.id, kind, version: a.version });
    live.set(a.id, { appointment: a, changedAt: world.clock.nowSync(), version: a.version });
  }
}

/** A move to `slot`: the placement the booking kit gives for that time. */
function times(slot: number) {
  return placementAt(CLINIC, slotMinutes(slot));
}

describe("notifications, exactly once, over the in-memory twins", () => {
  test.prop([fc.array(opArb, { maxLength: 40 }), fc.array(faultArb, { minLength: 1, maxLength: 12 })], {
    numRuns: NUM_RUNS,
    ...seed,
  })("one message per change and channel; at most one pending reminder, at the right instant", async (ops, faults) => {
    const { world, changes, live } = await run(ops, faults);
    for (const channel of CHANNELS) {
      const notifier = channel === "sms" ? world.sms : world.email;
      const jobs = world.db.notifications().jobs;
      for (const c of changes) {
        const key = messageKey(c.appointmentId, c.kind, c.version, channel);
        expect(notifier.count(key)).toBeLessThanOrEqual(1);
        const job = jobs.find((j) => j.messageKey === key);
        expect(job?.state).toBe("sent");
        // Its message went out: its own, or (reconciled) one with the same recipient and text.
        const message = notifier.sent.find((s) => s.providerId === job?.providerId)?.message;
        expect([message?.to, message?.body]).toEqual([job?.prepared?.to, job?.prepared?.body]);
      }
      const confirmations = notifier.sent.filter((s) => !s.message.key.includes(":reminder:"));
      expect(confirmations.length).toBeLessThanOrEqual(changes.length);
    }
    const jobs = world.db.notifications().jobs;
    expect(jobs.filter((j) => j.state === "pending" && j.kind !== "reminder")).toEqual([]);
    for (const [id, { appointment, changedAt, version }] of live) {
      for (const channel of CHANNELS) {
        const pending = jobs.filter(
          (j) => j.appointmentId === id && j.channel === channel && j.kind === "reminder" && j.state === "pending",
        );
        const due = reminderInstant(appointment.startsAt, 24 * 60, "Europe/London");
        const sent = jobs.some(
          (j) =>
            j.appointmentId === id &&
            j.channel === channel &&
            j.kind === "reminder" &&
            j.state === "sent" &&
            j.version === version,
        );
        if (appointment.status === "cancelled" || due.getTime() <= changedAt.getTime()) expect(pending).toEqual([]);
        else if (!sent)
          expect(pending.map((j) => [j.version, j.dueAt.toISOString()])).toEqual([[version, due.toISOString()]]);
      }
    }
  });
});
