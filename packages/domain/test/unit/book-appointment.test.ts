import { describe, expect, it } from "vitest";
import { bookAppointment, calendarEventIdFor } from "../../src/index.ts";
import { amira, bookingWorld, DEMO, OTHER } from "../support/booking-world.ts";

const thursday = { orgId: DEMO, date: "2026-12-03", time: "14:30", patient: amira, serviceType: "Consultation" };

describe("bookAppointment", () => {
  it("books in the clinic's zone and says it back", async () => {
    const { deps, db } = bookingWorld({ calendar: false });
    const r = (await bookAppointment(deps, thursday))._unsafeUnwrap();
    expect(r.message).toBe("You're booked for Thursday 3 December at 2:30pm.");
    expect(r.appointment.startsAt).toEqual(new Date("2026-12-03T14:30:00Z"));
    expect(r.appointment.endsAt).toEqual(new Date("2026-12-03T15:00:00Z"));
    expect(r.contact).toMatchObject({ phone: "+447700900123", email: "amira.khan@example.com", name: "Amira Khan" });
    expect([r.contactPath, r.replayed, r.calendarSynced, r.calendarEventId]).toEqual(["created", false, false, null]);
    expect(db.allAppointments()).toHaveLength(1);
    expect(db.jobs()).toEqual([]); // no calendar: nothing to sync, so nothing queued
  });

  it("summer times are BST, not a hard-coded offset", async () => {
    const { deps } = bookingWorld({ calendar: false, now: "2026-06-01T08:00:00Z" });
    const r = (await bookAppointment(deps, { ...thursday, date: "2026-06-04" }))._unsafeUnwrap();
    expect(r.appointment.startsAt).toEqual(new Date("2026-06-04T13:30:00Z"));
  });

  it("writes the calendar inline with an event id derived from the appointment id: one create, no free/busy", async () => {
    const { deps, calendar, db } = bookingWorld();
    const r = (await bookAppointment(deps, thursday))._unsafeUnwrap();
    const eventId = calendarEventIdFor(r.appointment.id);
    expect([r.calendarSynced, r.calendarEventId]).toEqual([true, eventId]);
    expect(calendar.calls).toEqual({ busyTimes: 0, createEvent: 1, moveEvent: 0, cancelEvent: 0 });
    const [stored] = calendar.events(DEMO, "primary");
    expect(stored?.event).toMatchObject({ eventId, zone: "Europe/London", summary: "Consultation: Amira Khan" });
    expect(stored?.event.description).toContain("+447700900123");
    expect(db.jobs()).toEqual([]);
  });

  it("keeps the booking and its sync job when the calendar fails", async () => {
    const { deps, calendar, db } = bookingWorld();
    calendar.failNext(1);
    const r = (await bookAppointment(deps, thursday))._unsafeUnwrap();
    expect([r.calendarSynced, r.calendarError]).toEqual([false, "CALENDAR_UNAVAILABLE"]);
    expect(db.allAppointments().map((a) => a.calendarSync)).toEqual(["pending"]);
    expect(db.jobs()).toHaveLength(1);
  });

  it("a retried tool call gets the first answer and books nothing new, even once the slot's notice has run out", async () => {
    const { deps, db, clock, calendar } = bookingWorld();
    const first = (
      await bookAppointment(deps, { ...thursday, idempotencyKey: { key: "call_1", windowSeconds: null } })
    )._unsafeUnwrap();
    const retry = (
      await bookAppointment(deps, { ...thursday, idempotencyKey: { key: "call_1", windowSeconds: null } })
    )._unsafeUnwrap();
    clock.set("2026-12-03T14:00:00Z");
    const late = (
      await bookAppointment(deps, { ...thursday, idempotencyKey: { key: "call_1", windowSeconds: null } })
    )._unsafeUnwrap();
    for (const r of [retry, late]) {
      expect(r.replayed).toBe(true);
      expect(r.appointment).toEqual(first.appointment);
      expect(r.message).toBe(first.message);
      expect(r.calendarSynced).toBe(true);
    }
    expect(db.allAppointments()).toHaveLength(1);
    expect(calendar.calls.createEvent).toBe(1);
  });

  it("a taken slot is refused with the nearest free times, and writes nothing", async () => {
    const { deps, db } = bookingWorld({ calendar: false });
    await bookAppointment(deps, thursday);
    const e = (await bookAppointment(deps, { ...thursday, patient: { phone: "07700 900456" } }))._unsafeUnwrapErr();
    expect(e.code).toBe("SLOT_UNAVAILABLE");
    expect(e.message).toBe(
      "Sorry, that time is already taken. The nearest free times are on Thursday 3 December: 1:30, 2 and 3pm.",
    );
    expect(db.allAppointments()).toHaveLength(1);
    expect(db.allContacts()).toHaveLength(1);
  });

  it("a past date is refused with today's date in the clinic's zone", async () => {
    const { deps, db } = bookingWorld({ now: "2026-11-21T23:30:00Z" });
    const e = (await bookAppointment(deps, { ...thursday, date: "2026-11-20" }))._unsafeUnwrapErr();
    expect(e).toMatchObject({ code: "SLOT_IN_PAST", today: "Saturday 21 November 2026" });
    expect(e.message).toBe(
      "That time has already passed: today is Saturday 21 November 2026. The next free times are on Monday 23 November: 9, 9:30 and 10am.",
    );
    expect(db.allAppointments()).toHaveLength(0);
  });

  it("outside opening hours says when the clinic is open and offers the nearest slots", async () => {
    const { deps, db } = bookingWorld();
    const e = (await bookAppointment(deps, { ...thursday, date: "2026-12-05", time: "10:00" }))._unsafeUnwrapErr();
    expect(e.code).toBe("OUTSIDE_OPENING_HOURS");
    expect(e.message).toContain(
      "We're closed on Saturday 5 December; we're next open on Monday 7 December at 9am. The nearest free times are on Monday 7 December: 9, 9:30 and 10am.",
    );
    expect(e.code === "OUTSIDE_OPENING_HOURS" && e.alternatives.map((a) => a.spoken)).toEqual([
      "Monday 7 December at 9am",
      "Monday 7 December at 9:30am",
      "Monday 7 December at 10am",
    ]);
    const late = (await bookAppointment(deps, { ...thursday, time: "17:15" }))._unsafeUnwrapErr();
    expect(late.code).toBe("OUTSIDE_OPENING_HOURS");
    expect(db.allAppointments()).toHaveLength(0);
  });

  it("refuses too short notice and dates past the booking horizon", async () => {
    const { deps } = bookingWorld({ now: "2026-11-23T09:10:00Z" });
    const soon = (await bookAppointment(deps, { ...thursday, date: "2026-11-23", time: "09:30" }))._unsafeUnwrapErr();
    expect(soon.code).toBe("TOO_SHORT_NOTICE");
    expect(soon.message).toMatch(
      /^Appointments need booking at least 1 hour ahead\. The nearest free times are on Monday 23 November: 10:30/,
    );
    const far = (await bookAppointment(deps, { ...thursday, date: "2027-06-01" }))._unsafeUnwrapErr();
    expect(far).toMatchObject({ code: "BEYOND_BOOKING_HORIZON", lastDate: "Sunday 21 February 2027" });
  });

  it("needs a phone or an email, and writes nothing without one", async () => {
    const { deps, db } = bookingWorld();
    const e = (await bookAppointment(deps, { ...thursday, patient: { name: "Amira" } }))._unsafeUnwrapErr();
    expect(e.message).toBe(
      "I need a phone number or an email address to make the booking. What's the best number to reach you on?",
    );
    expect([db.allAppointments().length, db.allContacts().length]).toEqual([0, 0]);
  });

  it("refuses bad dates, times and durations with the field named", async () => {
    const { deps } = bookingWorld();
    const codes = await Promise.all([
      bookAppointment(deps, { ...thursday, date: "2026-02-30" }),
      bookAppointment(deps, { ...thursday, time: "teatime" }),
      bookAppointment(deps, { ...thursday, durationMinutes: 0 }),
    ]);
    expect(codes.map((r) => r._unsafeUnwrapErr())).toMatchObject([
      { code: "INVALID_INPUT", field: "appointmentDate" },
      { code: "INVALID_INPUT", field: "appointmentTime" },
      { code: "INVALID_INPUT", field: "duration" },
    ]);
  });

  it("an unknown clinic is UNKNOWN_ORG", async () => {
    const { deps } = bookingWorld();
    const e = (
      await bookAppointment(deps, { ...thursday, orgId: "11111111-1111-4111-8111-111111111111" as typeof DEMO })
    )._unsafeUnwrapErr();
    expect(e.code).toBe("UNKNOWN_ORG");
  });

  it("clinics do not share contacts", async () => {
    const { deps } = bookingWorld({ calendar: false });
    const a = (await bookAppointment(deps, thursday))._unsafeUnwrap();
    const b = (await bookAppointment(deps, { ...thursday, orgId: OTHER }))._unsafeUnwrap();
    expect(b.contact.id).not.toBe(a.contact.id);
    expect(b.contactPath).toBe("created");
  });
});

describe("bookAppointment across DST in London", () => {
  const allDay = { open: "00:00", close: "23:30" };
  const everyDay = { 1: [allDay], 2: [allDay], 3: [allDay], 4: [allDay], 5: [allDay], 6: [allDay], 7: [allDay] };

  it("2026-03-29 01:30 does not exist: refused, with the nearest real times", async () => {
    const { deps, db } = bookingWorld({ now: "2026-03-20T12:00:00Z", clinic: { openingHours: everyDay } });
    const e = (await bookAppointment(deps, { ...thursday, date: "2026-03-29", time: "01:30" }))._unsafeUnwrapErr();
    expect(e.code).toBe("NONEXISTENT_LOCAL_TIME");
    expect(e.message).toBe(
      "The clocks go forward that night, so that time doesn't exist on Sunday 29 March. The nearest free times are on Sunday 29 March: 2, 2:30 and 3am.",
    );
    expect(db.allAppointments()).toHaveLength(0);
  });

  it("2026-10-25 01:30 happens twice: we book the first (BST, 00:30 UTC) and say so", async () => {
    const { deps } = bookingWorld({ now: "2026-10-20T12:00:00Z", clinic: { openingHours: everyDay } });
    const r = (await bookAppointment(deps, { ...thursday, date: "2026-10-25", time: "01:30" }))._unsafeUnwrap();
    expect(r.appointment.startsAt).toEqual(new Date("2026-10-25T00:30:00Z"));
    expect(r.message).toBe(
      "You're booked for Sunday 25 October at 1:30am. The clocks go back that night, so 1:30am comes twice: that's the first 1:30am, before the change.",
    );
  });

  it("the day the clocks go back has 25 hours of slots and every one is bookable once", async () => {
    const { deps } = bookingWorld({ now: "2026-10-20T12:00:00Z", clinic: { openingHours: everyDay } });
    const early = (await bookAppointment(deps, { ...thursday, date: "2026-10-25", time: "00:30" }))._unsafeUnwrap();
    const later = (
      await bookAppointment(deps, { ...thursday, date: "2026-10-25", time: "02:00", patient: { phone: "07700900999" } })
    )._unsafeUnwrap();
    expect((later.appointment.startsAt.getTime() - early.appointment.startsAt.getTime()) / 3_600_000).toBe(2.5);
  });
});
