/** M1 as domain policy: a caller finds, moves and cancels only the appointments whose contact they are. */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  bookAppointment,
  cancelAppointment,
  DomainErrors,
  findAppointments,
  type RawCaller,
  rescheduleAppointment,
} from "../../src/index.ts";
import { amira, bookingWorld, DEMO } from "../support/booking-world.ts";

const CHANGE = DomainErrors.callerNotVerified("change");
const FIND = DomainErrors.callerNotVerified("find");

/** Amira ringing from her own number; from a friend's phone giving her details; with the number withheld. */
const owners: Record<string, RawCaller> = {
  "by caller ID": { callerNumber: "+447700900123" },
  "by caller ID in another format, with her email": { callerNumber: "07700 900123", email: "amira.khan@example.com" },
  "from another number, by phone and email": {
    callerNumber: "+447700900999",
    phone: "+44 7700 900123",
    email: "AMIRA.KHAN@example.com",
  },
  "with the number withheld, by phone and email": { callerNumber: null, phone: "07700900123", email: amira.email },
};

/**
 * Someone else: only the id, only the phone, the phone with a wrong email, only the email. Asked
 * to find, one ringing from their own number hears about that number (nothing); the others are refused.
 */
const strangers: Record<string, { caller: RawCaller; findsOwnNumber: boolean }> = {
  "only the id": { caller: { callerNumber: "+447700900999" }, findsOwnNumber: true },
  "only the phone": { caller: { callerNumber: "+447700900999", phone: "07700 900123" }, findsOwnNumber: false },
  "only the phone, number withheld": { caller: { callerNumber: null, phone: "07700 900123" }, findsOwnNumber: false },
  "the phone with a wrong email": {
    caller: { callerNumber: "+447700900999", phone: "07700 900123", email: "amira@evil.example" },
    findsOwnNumber: false,
  },
  "only the email": { caller: { callerNumber: "+447700900999", email: amira.email }, findsOwnNumber: true },
  "nothing at all": { caller: {}, findsOwnNumber: false },
  "an unreadable caller ID": { caller: { callerNumber: "anonymous" }, findsOwnNumber: false },
};

async function world() {
  const w = bookingWorld({ calendar: false });
  const booked = (
    await bookAppointment(w.deps, { orgId: DEMO, date: "2026-12-03", time: "14:30", patient: amira })
  )._unsafeUnwrap();
  /** Everything the store holds, to show a refusal wrote nothing. */
  const snapshot = () =>
    JSON.stringify([w.db.allAppointments(), w.db.allContacts(), w.db.jobs(), [...w.db.allReceipts()]]);
  return { ...w, id: booked.appointment.id, snapshot };
}

describe("the appointment's contact may find, move and cancel it", () => {
  it.each(Object.entries(owners))("%s", async (_how, caller) => {
    const w = await world();
    const found = (await findAppointments(w.deps, { orgId: DEMO, caller }))._unsafeUnwrap();
    expect(found.appointments.map((f) => f.appointment.id)).toEqual([w.id]);
    const move = { orgId: DEMO, appointmentId: w.id, caller, date: "2026-12-04", time: "10:00" };
    const moved = (await rescheduleAppointment(w.deps, move))._unsafeUnwrap();
    expect(moved.message).toBe("Done: your appointment is now Friday 4 December at 10am.");
    const cancelled = (await cancelAppointment(w.deps, { orgId: DEMO, appointmentId: w.id, caller }))._unsafeUnwrap();
    expect(cancelled.message).toBe("Your appointment on Friday 4 December at 10am is cancelled.");
  });
});

describe("anyone else gets one refusal and changes nothing", () => {
  it.each(Object.entries(strangers))("%s", async (_how, { caller, findsOwnNumber }) => {
    const w = await world();
    const before = w.snapshot();
    for (const appointmentId of [w.id, randomUUID(), "not-an-id"]) {
      const move = { orgId: DEMO, appointmentId, caller, date: "2026-12-04", time: "10:00" };
      expect((await rescheduleAppointment(w.deps, move))._unsafeUnwrapErr()).toEqual(CHANGE);
      const key = { key: `cancel_${appointmentId}`, windowSeconds: null };
      const cancel = { orgId: DEMO, appointmentId, caller, idempotencyKey: key };
      expect((await cancelAppointment(w.deps, cancel))._unsafeUnwrapErr()).toEqual(CHANGE);
    }
    const found = await findAppointments(w.deps, { orgId: DEMO, caller });
    if (findsOwnNumber) expect(found._unsafeUnwrap().appointments).toEqual([]);
    else expect(found._unsafeUnwrapErr()).toEqual(FIND);
    expect(w.snapshot()).toBe(before);
  });

  it("the words do not tell whether the appointment or the person exists", () => {
    expect(CHANGE.message).toBe(
      "I can only change appointments for the number you're calling from. Could you give me the phone number and email the appointment was booked with?",
    );
    expect(FIND.message).toBe(
      "I can only find appointments for the number you're calling from. Could you give me the phone number and email the appointment was booked with?",
    );
  });

  it("by phone and email, a person with nothing upcoming sounds like a person who does not exist", async () => {
    const w = await world();
    await cancelAppointment(w.deps, { orgId: DEMO, appointmentId: w.id, caller: owners["by caller ID"] ?? {} });
    const asked = { callerNumber: null, phone: amira.phone, email: amira.email };
    expect((await findAppointments(w.deps, { orgId: DEMO, caller: asked }))._unsafeUnwrapErr()).toEqual(FIND);
    const nobody = { callerNumber: null, phone: "07700 900555", email: "nobody@example.com" };
    expect((await findAppointments(w.deps, { orgId: DEMO, caller: nobody }))._unsafeUnwrapErr()).toEqual(FIND);
  });

  it("by caller ID, nothing upcoming is said plainly", async () => {
    const w = await world();
    const r = (
      await findAppointments(w.deps, { orgId: DEMO, caller: { callerNumber: "+447700900777" } })
    )._unsafeUnwrap();
    expect(r).toEqual({
      appointments: [],
      message: "I couldn't find any upcoming appointments for the number you're calling from.",
    });
  });

  it("a given phone or email that cannot be read is asked again, and nothing is written", async () => {
    const w = await world();
    const before = w.snapshot();
    const badPhone = { orgId: DEMO, appointmentId: w.id, caller: { phone: "12", email: amira.email } };
    expect((await cancelAppointment(w.deps, badPhone))._unsafeUnwrapErr().code).toBe("INVALID_PHONE");
    const badEmail = { orgId: DEMO, caller: { phone: amira.phone, email: "amira@" } };
    expect((await findAppointments(w.deps, badEmail))._unsafeUnwrapErr().code).toBe("INVALID_EMAIL");
    expect(w.snapshot()).toBe(before);
  });

  it("the check runs with the change: details that stop matching before the move refuse it", async () => {
    const w = await world();
    const friend = owners["from another number, by phone and email"] ?? {};
    // Amira books again with a new email: her contact's email is now that one.
    await bookAppointment(w.deps, {
      orgId: DEMO,
      date: "2026-12-07",
      time: "10:00",
      patient: { phone: amira.phone, email: "amira@new.example" },
    });
    expect(w.db.allContacts().map((c) => c.email)).toEqual(["amira@new.example"]);
    const move = { orgId: DEMO, appointmentId: w.id, caller: friend, date: "2026-12-04", time: "10:00" };
    expect((await rescheduleAppointment(w.deps, move))._unsafeUnwrapErr()).toEqual(CHANGE);
  });
});
