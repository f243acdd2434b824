import { describe, expect, it } from "vitest";
import {
  type BookAppointmentCommand,
  bookAppointment,
  cancelAppointment,
  checkAvailability,
  DomainErrors,
  findAppointments,
  rescheduleAppointment,
  resolveContact,
} from "../../src/index.ts";
import { amira, bookingWorld, DEMO, OTHER } from "../support/booking-world.ts";

/** The caller ringing from the number Amira booked with: the appointments' contact (M1). */
const owner = { callerNumber: "+447700900123" };
const thursday = { orgId: DEMO, date: "2026-12-03", time: "14:30", patient: amira, serviceType: "Consultation" };

async function booked(world: ReturnType<typeof bookingWorld>, overrides: Partial<BookAppointmentCommand> = {}) {
  return (await bookAppointment(world.deps, { ...thursday, ...overrides }))._unsafeUnwrap();
}

describe("cancelAppointment", () => {
  it("cancels, frees the slot, and cancels the calendar event", async () => {
    const world = bookingWorld();
    const b = await booked(world);
    const c = (
      await cancelAppointment(world.deps, { orgId: DEMO, appointmentId: b.appointment.id, caller: owner })
    )._unsafeUnwrap();
    expect([c.appointment.status, c.alreadyCancelled, c.calendarSynced]).toEqual(["cancelled", false, true]);
    expect(c.message).toBe("Your appointment on Thursday 3 December at 2:30pm is cancelled.");
    expect(world.calendar.events(DEMO, "primary").map((e) => e.status)).toEqual(["cancelled"]);
    await booked(world, { patient: { phone: "07700 900456" } });
  });

  it("cancelling twice says so and changes nothing", async () => {
    const world = bookingWorld();
    const b = await booked(world);
    await cancelAppointment(world.deps, { orgId: DEMO, appointmentId: b.appointment.id, caller: owner });
    const again = (
      await cancelAppointment(world.deps, { orgId: DEMO, appointmentId: b.appointment.id, caller: owner })
    )._unsafeUnwrap();
    expect(again.alreadyCancelled).toBe(true);
    expect(again.appointment.version).toBe(2);
  });

  it("another clinic's appointment is not the caller's, and stays booked", async () => {
    const world = bookingWorld();
    const b = await booked(world);
    const e = (
      await cancelAppointment(world.deps, { orgId: OTHER, appointmentId: b.appointment.id, caller: owner })
    )._unsafeUnwrapErr();
    expect(e.code).toBe("CALLER_NOT_VERIFIED");
    expect(world.db.allAppointments().map((a) => a.status)).toEqual(["booked"]);
  });

  it("an appointment that has started cannot be cancelled by phone", async () => {
    const world = bookingWorld();
    const b = await booked(world);
    world.clock.set("2026-12-03T14:35:00Z");
    const e = (
      await cancelAppointment(world.deps, { orgId: DEMO, appointmentId: b.appointment.id, caller: owner })
    )._unsafeUnwrapErr();
    expect(e.code).toBe("APPOINTMENT_IN_PAST");
  });
});

describe("rescheduleAppointment", () => {
  it("moves the appointment and its calendar event", async () => {
    const world = bookingWorld();
    const b = await booked(world);
    const r = (
      await rescheduleAppointment(world.deps, {
        orgId: DEMO,
        appointmentId: b.appointment.id,
        caller: owner,
        date: "2026-12-04",
        time: "09:00",
      })
    )._unsafeUnwrap();
    expect(r.message).toBe("Done: your appointment is now Friday 4 December at 9am.");
    expect([r.appointment.version, r.calendarSynced]).toEqual([2, true]);
    const [event] = world.calendar.events(DEMO, "primary");
    expect(event?.event.start).toEqual(new Date("2026-12-04T09:00:00Z"));
    expect(world.calendar.calls.moveEvent).toBe(1);
  });

  it("may move to a time overlapping its own old slot", async () => {
    const world = bookingWorld({ calendar: false });
    const b = await booked(world);
    const r = await rescheduleAppointment(world.deps, {
      orgId: DEMO,
      appointmentId: b.appointment.id,
      caller: owner,
      date: "2026-12-03",
      time: "14:45",
    });
    expect(r._unsafeUnwrap().appointment.startsAt).toEqual(new Date("2026-12-03T14:45:00Z"));
  });

  it("a taken time is refused with alternatives, and the appointment stays where it was", async () => {
    const world = bookingWorld({ calendar: false });
    const mine = await booked(world);
    await booked(world, { time: "16:00", patient: { phone: "07700 900456" } });
    const e = (
      await rescheduleAppointment(world.deps, {
        orgId: DEMO,
        appointmentId: mine.appointment.id,
        caller: owner,
        date: "2026-12-03",
        time: "16:00",
      })
    )._unsafeUnwrapErr();
    expect(e.code).toBe("SLOT_UNAVAILABLE");
    expect(e.code === "SLOT_UNAVAILABLE" && e.alternatives.map((a) => a.spoken)).toEqual([
      "Thursday 3 December at 3pm",
      "Thursday 3 December at 3:30pm",
      "Thursday 3 December at 4:30pm",
    ]);
    expect(world.db.allAppointments().find((a) => a.id === mine.appointment.id)?.startsAt).toEqual(
      mine.appointment.startsAt,
    );
  });

  it("a cancelled appointment cannot be moved", async () => {
    const world = bookingWorld();
    const b = await booked(world);
    await cancelAppointment(world.deps, { orgId: DEMO, appointmentId: b.appointment.id, caller: owner });
    const e = await rescheduleAppointment(world.deps, {
      orgId: DEMO,
      appointmentId: b.appointment.id,
      caller: owner,
      date: "2026-12-04",
      time: "09:00",
    });
    expect(e._unsafeUnwrapErr().code).toBe("APPOINTMENT_CANCELLED");
  });
});

describe("findAppointments", () => {
  it("finds the caller's upcoming appointments by their caller ID, in any format, or by phone and email", async () => {
    const world = bookingWorld({ calendar: false });
    await booked(world);
    await booked(world, { date: "2026-12-04", time: "09:00", serviceType: "Check-up" });
    const byCallerId = (
      await findAppointments(world.deps, { orgId: DEMO, caller: { callerNumber: "+44 7700 900123" } })
    )._unsafeUnwrap();
    expect(byCallerId.message).toBe(
      "You have 2 upcoming appointments: Consultation on Thursday 3 December at 2:30pm and Check-up on Friday 4 December at 9am.",
    );
    const byDetails = (
      await findAppointments(world.deps, {
        orgId: DEMO,
        caller: { callerNumber: null, phone: "07700 900123", email: "AMIRA.KHAN@example.com" },
      })
    )._unsafeUnwrap();
    expect(byDetails.appointments).toHaveLength(2);
    const none = (
      await findAppointments(world.deps, { orgId: OTHER, caller: { callerNumber: "07700 900123" } })
    )._unsafeUnwrap();
    expect(none.message).toBe("I couldn't find any upcoming appointments for the number you're calling from.");
  });

  it("needs the caller ID, or a phone and an email", async () => {
    const world = bookingWorld();
    expect((await findAppointments(world.deps, { orgId: DEMO, caller: {} }))._unsafeUnwrapErr()).toEqual(
      DomainErrors.callerNotVerified("find"),
    );
  });
});

describe("checkAvailability", () => {
  it("lists a day's free slots, leaving out booked ones and the calendar's busy times", async () => {
    const world = bookingWorld();
    await booked(world, { time: "09:30" });
    await world.calendar.createEvent(DEMO, {
      eventId: "lunchbreak01",
      calendarId: "primary",
      start: new Date("2026-12-03T12:00:00Z"),
      end: new Date("2026-12-03T13:00:00Z"),
      zone: "Europe/London",
      summary: "Staff meeting",
      description: "",
    });
    const a = (await checkAvailability(world.deps, { orgId: DEMO, date: "2026-12-03" }))._unsafeUnwrap();
    const times = a.slots.map((s) => s.spoken.replace("Thursday 3 December at ", ""));
    expect(times).toContain("9am");
    expect(times).not.toContain("9:30am");
    expect(times).not.toContain("12pm");
    expect(times).not.toContain("12:30pm");
    expect(times).toHaveLength(17 - 3);
    expect(a.calendarChecked).toBe(true);
    expect(a.message).toBe(
      "On Thursday 3 December: 9, 10, 10:30, 11, 11:30am and 1pm. There are more times if none of those suit.",
    );
  });

  it("still answers from our appointments when the calendar is down, and says so", async () => {
    const world = bookingWorld();
    world.calendar.failNext(1);
    const a = (await checkAvailability(world.deps, { orgId: DEMO, date: "2026-12-03" }))._unsafeUnwrap();
    expect([a.calendarChecked, a.slots.length]).toEqual([false, 17]);
  });

  it("answers whether one time is free, with alternatives when it is not", async () => {
    const world = bookingWorld({ calendar: false });
    await booked(world);
    const free = (
      await checkAvailability(world.deps, { orgId: DEMO, date: "2026-12-03", time: "15:00" })
    )._unsafeUnwrap();
    expect([free.requestedAvailable, free.message]).toEqual([true, "Yes, Thursday 3 December at 3pm is free."]);
    const taken = (
      await checkAvailability(world.deps, { orgId: DEMO, date: "2026-12-03", time: "14:30" })
    )._unsafeUnwrap();
    expect(taken.requestedAvailable).toBe(false);
    expect(taken.slots.map((s) => s.spoken)).toEqual([
      "Thursday 3 December at 1:30pm",
      "Thursday 3 December at 2pm",
      "Thursday 3 December at 3pm",
    ]);
    const past = await checkAvailability(world.deps, { orgId: DEMO, date: "2026-11-20", time: "10:00" });
    expect(past._unsafeUnwrapErr().code).toBe("SLOT_IN_PAST");
  });

  it("refuses ranges longer than two weeks", async () => {
    const world = bookingWorld();
    const e = await checkAvailability(world.deps, { orgId: DEMO, date: "2026-12-01", endDate: "2026-12-31" });
    expect(e._unsafeUnwrapErr().code).toBe("INVALID_INPUT");
  });
});

describe("resolveContact", () => {
  it("finds the same contact for the same number spoken two ways", async () => {
    const world = bookingWorld();
    const a = (await resolveContact(world.deps, DEMO, { phone: "07700 900123" }))._unsafeUnwrap();
    const b = (
      await resolveContact(world.deps, DEMO, { phone: "+44 7700 900123", email: "a@example.com" })
    )._unsafeUnwrap();
    expect([a.path, b.path, b.contact.id]).toEqual(["created", "phone", a.contact.id]);
  });
});
