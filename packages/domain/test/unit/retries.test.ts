/** A2 for every change: a retry gets the first answer and changes nothing, and never claims what is no longer so. */
import { describe, expect, it } from "vitest";
import {
  bookAppointment,
  cancelAppointment,
  DERIVED_KEY_WINDOW_SECONDS,
  DomainErrors,
  type RetryKey,
  rescheduleAppointment,
} from "../../src/index.ts";
import { amira, bookingWorld, DEMO } from "../support/booking-world.ts";

const caller = { callerNumber: "+447700900123" };
const thursday = { orgId: DEMO, date: "2026-12-03", time: "14:30", patient: amira };
const toolCall = (id: string): RetryKey => ({ key: `tool-call:call_1:${id}`, windowSeconds: null });

async function bookedWorld(options: Parameters<typeof bookingWorld>[0] = {}) {
  const w = bookingWorld(options);
  const key = toolCall("book");
  const first = (await bookAppointment(w.deps, { ...thursday, idempotencyKey: key }))._unsafeUnwrap();
  const book = () => bookAppointment(w.deps, { ...thursday, idempotencyKey: key });
  const move = (id: string, time: string) =>
    rescheduleAppointment(w.deps, {
      orgId: DEMO,
      appointmentId: first.appointment.id,
      caller,
      date: "2026-12-04",
      time,
      idempotencyKey: toolCall(id),
    });
  const cancel = (id: string) =>
    cancelAppointment(w.deps, {
      orgId: DEMO,
      appointmentId: first.appointment.id,
      caller,
      idempotencyKey: toolCall(id),
    });
  return { ...w, first, book, move, cancel };
}

describe("a retried booking", () => {
  it("after a cancellation does not claim the booking: it says it was cancelled since, and books nothing", async () => {
    const w = await bookedWorld();
    (await w.cancel("cancel_1"))._unsafeUnwrap();
    const retry = (await w.book())._unsafeUnwrapErr();
    expect(retry).toEqual(DomainErrors.cancelledSince("Thursday 3 December at 2:30pm"));
    expect(retry.message).toBe(
      "That appointment was cancelled since, so nothing is booked for Thursday 3 December at 2:30pm. Shall I book a new one?",
    );
    expect(w.db.allAppointments().map((a) => a.status)).toEqual(["cancelled"]);
  });

  it("after a move says where it is now", async () => {
    const w = await bookedWorld({ calendar: false });
    (await w.move("move_1", "09:00"))._unsafeUnwrap();
    const retry = (await w.book())._unsafeUnwrap();
    expect([retry.replayed, retry.message]).toEqual([
      true,
      "That booking was moved since: you're booked for Friday 4 December at 9am.",
    ]);
    expect(retry.appointment.startsAt).toEqual(new Date("2026-12-04T09:00:00Z"));
  });

  it("with a derived key books again once the key's window has passed", async () => {
    const w = bookingWorld({ calendar: false, databaseClock: true });
    const key = { key: "flat:call_9:abc", windowSeconds: DERIVED_KEY_WINDOW_SECONDS };
    const first = (await bookAppointment(w.deps, { ...thursday, idempotencyKey: key }))._unsafeUnwrap();
    (await cancelAppointment(w.deps, { orgId: DEMO, appointmentId: first.appointment.id, caller }))._unsafeUnwrap();
    w.clock.advance(14 * 60_000);
    expect((await bookAppointment(w.deps, { ...thursday, idempotencyKey: key }))._unsafeUnwrapErr().code).toBe(
      "APPOINTMENT_CANCELLED",
    );
    w.clock.advance(2 * 60_000);
    const again = (await bookAppointment(w.deps, { ...thursday, idempotencyKey: key }))._unsafeUnwrap();
    expect([again.replayed, again.message]).toEqual([false, "You're booked for Thursday 3 December at 2:30pm."]);
    expect(w.db.allAppointments().map((a) => a.status)).toEqual(["cancelled", "booked"]);
  });

  it("of a time that happens twice says the same note again", async () => {
    const everyDay = [{ open: "00:00", close: "23:59" }];
    const hours = { 1: everyDay, 2: everyDay, 3: everyDay, 4: everyDay, 5: everyDay, 6: everyDay, 7: everyDay };
    const w = bookingWorld({ now: "2026-10-20T12:00:00Z", clinic: { openingHours: hours } });
    const command = { ...thursday, date: "2026-10-25", time: "01:30", idempotencyKey: toolCall("dst") };
    const first = (await bookAppointment(w.deps, command))._unsafeUnwrap();
    const retry = (await bookAppointment(w.deps, command))._unsafeUnwrap();
    expect(retry.message).toBe(first.message);
    expect(first.message).toContain("that's the first 1:30am, before the change");
  });
});

describe("a retried move", () => {
  it("gets the first answer and changes nothing", async () => {
    const w = await bookedWorld();
    const first = (await w.move("move_1", "09:00"))._unsafeUnwrap();
    const retry = (await w.move("move_1", "09:00"))._unsafeUnwrap();
    expect({ ...retry, replayed: false }).toEqual(first);
    expect(retry.replayed).toBe(true);
    expect(w.db.allAppointments().map((a) => a.version)).toEqual([2]);
    expect(w.calendar.calls.moveEvent).toBe(1);
  });

  it("never undoes a later move: it says where the appointment is now", async () => {
    const w = await bookedWorld({ calendar: false });
    (await w.move("move_1", "09:00"))._unsafeUnwrap();
    (await w.move("move_2", "11:00"))._unsafeUnwrap();
    const retry = (await w.move("move_1", "09:00"))._unsafeUnwrap();
    expect(retry.message).toBe("That appointment was moved again since: it is now Friday 4 December at 11am.");
    expect(w.db.allAppointments().map((a) => [a.startsAt.toISOString(), a.version])).toEqual([
      ["2026-12-04T11:00:00.000Z", 3],
    ]);
  });

  it("after a cancellation says so and does not bring it back", async () => {
    const w = await bookedWorld({ calendar: false });
    (await w.move("move_1", "09:00"))._unsafeUnwrap();
    (await w.cancel("cancel_1"))._unsafeUnwrap();
    expect((await w.move("move_1", "09:00"))._unsafeUnwrapErr()).toEqual(
      DomainErrors.cancelledSince("Friday 4 December at 9am"),
    );
    expect(w.db.allAppointments().map((a) => a.status)).toEqual(["cancelled"]);
  });

  it("sent twenty times at once moves once, and every answer is the same", async () => {
    const w = await bookedWorld({ calendar: false });
    const answers = await Promise.all(Array.from({ length: 20 }, () => w.move("move_1", "09:00")));
    const messages = new Set(answers.map((a) => a._unsafeUnwrap().message));
    expect([...messages]).toEqual(["Done: your appointment is now Friday 4 December at 9am."]);
    expect(answers.filter((a) => !a._unsafeUnwrap().replayed)).toHaveLength(1);
    expect(w.db.allAppointments().map((a) => a.version)).toEqual([2]);
  });
});

describe("a retried cancellation", () => {
  it("gets the first answer, not 'already cancelled', and changes nothing", async () => {
    const w = await bookedWorld();
    const first = (await w.cancel("cancel_1"))._unsafeUnwrap();
    const retry = (await w.cancel("cancel_1"))._unsafeUnwrap();
    expect({ ...retry, replayed: false }).toEqual(first);
    expect([first.alreadyCancelled, retry.replayed]).toEqual([false, true]);
    expect(w.calendar.calls.cancelEvent).toBe(1);
    expect(w.db.allAppointments().map((a) => a.version)).toEqual([2]);
  });

  it("sent twenty times at once cancels once, and every answer is the same", async () => {
    const w = await bookedWorld({ calendar: false });
    const answers = await Promise.all(Array.from({ length: 20 }, () => w.cancel("cancel_1")));
    const payloads = new Set(answers.map((a) => JSON.stringify({ ...a._unsafeUnwrap(), replayed: null })));
    expect(payloads.size).toBe(1);
    expect(w.db.allAppointments().map((a) => a.version)).toEqual([2]);
  });

  it("another call's cancel of a cancelled appointment says it was already cancelled", async () => {
    const w = await bookedWorld({ calendar: false });
    (await w.cancel("cancel_1"))._unsafeUnwrap();
    expect((await w.cancel("cancel_2"))._unsafeUnwrap().alreadyCancelled).toBe(true);
  });
});
