/**
 * Booking, availability, moves and lookups in a clinic with practitioners and services (the
 * physio clinic of support/staffed-clinic.ts), over the in-memory twins. Now: Saturday 21
 * November 2026; bookings on Tuesday 24 November (London, GMT).
 */
import { describe, expect, it } from "vitest";
import {
  type BookAppointmentCommand,
  bookAppointment,
  checkAvailability,
  findAppointments,
  rescheduleAppointment,
} from "../../src/index.ts";
import { bookingWorld } from "../support/booking-world.ts";
import { alex, assessment, PHYSIO, patel, physioClinic, sam } from "../support/staffed-clinic.ts";

function physioWorld(options: { calendar?: boolean } = {}) {
  const world = bookingWorld({ calendar: options.calendar ?? false });
  world.db.putClinic(physioClinic());
  world.calendar.link(PHYSIO);
  return world;
}

let n = 0;
const patient = () => {
  n += 1;
  return { name: `Patient ${n}`, phone: `+4477009004${String(n).padStart(2, "0")}` };
};
const tuesday = (time: string, extra: Partial<BookAppointmentCommand> = {}): BookAppointmentCommand => ({
  orgId: PHYSIO,
  date: "2026-11-24",
  time,
  patient: patient(),
  ...extra,
});

describe("booking a service with anyone", () => {
  it("fills distinct practitioners at one time, then refuses with the nearest times and who is free then", async () => {
    const { deps } = physioWorld();
    const booked = [];
    for (let i = 0; i < 3; i++) booked.push((await bookAppointment(deps, tuesday("10:00")))._unsafeUnwrap());
    expect(booked.map((b) => b.practitioner.name)).toEqual(["Dr Patel", "Sam", "Alex"]);
    expect(booked.map((b) => b.service.name)).toEqual(["check-up", "check-up", "check-up"]);
    const e = (await bookAppointment(deps, tuesday("10:00")))._unsafeUnwrapErr();
    expect(e.code).toBe("SLOT_UNAVAILABLE");
    expect(e.message).toBe(
      "Sorry, that time is already taken. The nearest free times are on Tuesday 24 November: 9, 9:30 and 10:30am with Dr Patel, Sam or Alex.",
    );
  });

  it("chooses the least booked that day, then the least recently booked, then the service's order", async () => {
    const { deps } = physioWorld();
    const who = async (time: string, extra: Partial<BookAppointmentCommand> = {}) =>
      (await bookAppointment(deps, tuesday(time, extra)))._unsafeUnwrap().practitioner.name;
    expect(await who("09:00", { practitioner: "Dr Patel" })).toBe("Dr Patel");
    expect(await who("11:00")).toBe("Sam"); // Sam and Alex have none that day; Sam comes first
    expect(await who("11:30")).toBe("Alex"); // Alex has none; Patel and Sam one each
    expect(await who("12:00")).toBe("Dr Patel"); // all have one; Patel was booked longest ago
    expect(await who("14:00")).toBe("Sam"); // Patel does not work afternoons; Sam booked before Alex
  });

  it("takes the length and buffer from the service (a caller's duration is ignored) and says who and what", async () => {
    const { deps, db } = physioWorld();
    const r = (
      await bookAppointment(deps, tuesday("14:00", { service: "First Assessment", durationMinutes: 15 }))
    )._unsafeUnwrap();
    expect(r.message).toBe("You're booked for a first assessment with Sam on Tuesday 24 November at 2pm.");
    expect([r.appointment.startsAt, r.appointment.endsAt, r.appointment.blocksUntil]).toEqual([
      new Date("2026-11-24T14:00:00Z"),
      new Date("2026-11-24T15:00:00Z"),
      new Date("2026-11-24T15:10:00Z"),
    ]);
    expect(db.allAppointments()[0]).toMatchObject({ practitionerId: sam.id, serviceId: assessment.id });
  });

  it("a service with a buffer before keeps that time free of its practitioner's other appointments", async () => {
    const { deps } = physioWorld();
    (await bookAppointment(deps, tuesday("10:00", { practitioner: "Alex" })))._unsafeUnwrap(); // to 10:20
    const e = (await bookAppointment(deps, tuesday("10:20", { service: "sports massage" })))._unsafeUnwrapErr();
    expect(e.code).toBe("SLOT_UNAVAILABLE"); // 10:15 to 11:05 blocked for Alex
    (await bookAppointment(deps, tuesday("10:30", { service: "sports massage" })))._unsafeUnwrap();
  });
});

describe("refusals about who and what", () => {
  it("a named practitioner who is busy: their nearest free times and who else is free then", async () => {
    const { deps } = physioWorld();
    (await bookAppointment(deps, tuesday("10:00", { practitioner: "Dr Patel" })))._unsafeUnwrap();
    const e = (await bookAppointment(deps, tuesday("10:00", { practitioner: "patel" })))._unsafeUnwrapErr();
    expect(e).toMatchObject({
      code: "PRACTITIONER_UNAVAILABLE",
      practitioner: "Dr Patel",
      othersFree: ["Sam", "Alex"],
    });
    expect(e.message).toBe(
      "Sorry, Dr Patel isn't free then. The nearest free times are on Tuesday 24 November: 9, 9:30 and 10:30am. Sam or Alex are free at the time you asked.",
    );
  });

  it("a named practitioner outside their hours is refused the same way, with their own times", async () => {
    const { deps } = physioWorld();
    const e = (await bookAppointment(deps, tuesday("15:00", { practitioner: "Dr Patel" })))._unsafeUnwrapErr();
    expect(e).toMatchObject({ code: "PRACTITIONER_UNAVAILABLE", othersFree: ["Sam", "Alex"] });
    expect(e.code === "PRACTITIONER_UNAVAILABLE" && e.alternatives.map((a) => a.practitioners)).toEqual([
      ["Dr Patel"],
      ["Dr Patel"],
      ["Dr Patel"],
    ]);
  });

  it("a practitioner who does not offer the service, and a service the clinic does not have", async () => {
    const { deps, db } = physioWorld();
    const who = (
      await bookAppointment(deps, tuesday("10:00", { service: "sports massage", practitioner: "Sam" }))
    )._unsafeUnwrapErr();
    expect(who).toMatchObject({ code: "UNKNOWN_PRACTITIONER", asked: "Sam", offered: ["Alex"] });
    expect(who.message).toBe("Sorry, Sam doesn't do that here. It's done by Alex. Who would you like?");
    const what = (await bookAppointment(deps, tuesday("10:00", { service: "x-ray" })))._unsafeUnwrapErr();
    expect(what.message).toBe(
      "Sorry, we don't offer x-ray. We offer check-up, first assessment and sports massage. Which would you like?",
    );
    expect(db.allAppointments()).toEqual([]);
  });
});

it("a clinic with no services at all refuses speakably (UNKNOWN_SERVICE), whatever was asked", async () => {
  const { deps, db } = physioWorld();
  const clinic = physioClinic();
  db.putClinic({ ...clinic, staff: { ...clinic.staff, practitioners: [], services: [] } });
  for (const ask of [{}, { service: "check-up" }, { serviceType: "Consultation" }]) {
    const e = (await bookAppointment(deps, tuesday("10:00", ask)))._unsafeUnwrapErr();
    expect(e.message).toBe(
      "I'm sorry, this clinic has no appointments set up for booking yet. Please call the clinic directly.",
    );
  }
});

describe("availability, moves and lookups with practitioners", () => {
  it("checkAvailability for a service names who is free at each time; for one practitioner, only theirs", async () => {
    const { deps } = physioWorld();
    (await bookAppointment(deps, tuesday("09:00", { practitioner: "Sam" })))._unsafeUnwrap();
    const all = (
      await checkAvailability(deps, { orgId: PHYSIO, date: "2026-11-24", service: "first assessment" })
    )._unsafeUnwrap();
    expect(all.slots[0]).toMatchObject({
      practitioners: ["Dr Patel"],
      spoken: "Tuesday 24 November at 9am with Dr Patel",
    });
    expect(all.slots[1]?.spoken).toBe("Tuesday 24 November at 9:30am with Dr Patel or Sam"); // Sam's 20 minutes end at 9:20
    const hers = (
      await checkAvailability(deps, {
        orgId: PHYSIO,
        date: "2026-11-24",
        service: "check-up",
        practitioner: "Dr Patel",
      })
    )._unsafeUnwrap();
    expect(hers.slots.at(-1)?.spoken).toBe("Tuesday 24 November at midday with Dr Patel");
    expect(all.message).toMatch(/^On Tuesday 24 November: 9am with Dr Patel, 9:30am with Dr Patel or Sam/);
    expect(hers.message).toMatch(/^Dr Patel is free on Tuesday 24 November: 9, 9:30/);
  });

  it("a move keeps the practitioner unless another, or anyone, is asked for", async () => {
    const { deps } = physioWorld();
    const b = (await bookAppointment(deps, tuesday("10:00", { practitioner: "Alex" })))._unsafeUnwrap();
    const caller = { callerNumber: b.contact.phone ?? "" };
    const move = (time: string, practitioner?: string) =>
      rescheduleAppointment(deps, {
        orgId: PHYSIO,
        appointmentId: b.appointment.id,
        date: "2026-11-24",
        time,
        caller,
        ...(practitioner === undefined ? {} : { practitioner }),
      });
    expect((await move("11:00"))._unsafeUnwrap().appointment.practitionerId).toBe(alex.id);
    expect((await move("11:00", "Sam"))._unsafeUnwrap().appointment.practitionerId).toBe(sam.id);
    const anyone = (await move("12:00", "anyone"))._unsafeUnwrap();
    expect(anyone.appointment.practitionerId).toBe(patel.id);
    expect(anyone.message).toBe(
      "Done: your appointment is now a check-up with Dr Patel on Tuesday 24 November at midday.",
    );
  });

  it("findAppointments says with whom and for what", async () => {
    const { deps } = physioWorld();
    const b = (await bookAppointment(deps, tuesday("10:00", { service: "first assessment" })))._unsafeUnwrap();
    const found = (
      await findAppointments(deps, { orgId: PHYSIO, caller: { callerNumber: b.contact.phone ?? "" } })
    )._unsafeUnwrap();
    expect(found.appointments.map((a) => [a.practitioner, a.service])).toEqual([["Dr Patel", "first assessment"]]);
    expect(found.message).toBe(
      "You have one upcoming appointment: a first assessment with Dr Patel on Tuesday 24 November at 10am.",
    );
  });
});

describe("the calendar, per practitioner", () => {
  it("free/busy of all calendars in one call; a practitioner's own calendar blocks them, a shared one blocks nobody", async () => {
    const { deps, calendar } = physioWorld({ calendar: true });
    const external = (calendarId: string) => ({
      eventId: `ext${calendarId.length}`,
      calendarId,
      start: new Date("2026-11-24T09:00:00Z"),
      end: new Date("2026-11-24T10:00:00Z"),
      zone: "Europe/London",
      summary: "Private",
      description: "",
    });
    await calendar.createEvent(PHYSIO, external("patel@clinic.example"));
    await calendar.createEvent(PHYSIO, external("primary"));
    const before = calendar.calls.busyTimes;
    const day = (await checkAvailability(deps, { orgId: PHYSIO, date: "2026-11-24", time: "09:00" }))._unsafeUnwrap();
    expect(calendar.calls.busyTimes - before).toBe(1);
    expect([day.calendarChecked, day.slots[0]?.practitioners]).toEqual([true, ["Sam", "Alex"]]);
  });

  it("writes the event to the practitioner's calendar titled by the service; a move to another calendar moves it once", async () => {
    const { deps, calendar } = physioWorld({ calendar: true });
    const b = (await bookAppointment(deps, tuesday("10:00", { practitioner: "Dr Patel" })))._unsafeUnwrap();
    expect(b.calendarSynced).toBe(true);
    const [event] = calendar.events(PHYSIO, "patel@clinic.example");
    expect(event?.event.summary).toBe(`Check-up: ${b.appointment.patientName}`);
    const moved = (
      await rescheduleAppointment(deps, {
        orgId: PHYSIO,
        appointmentId: b.appointment.id,
        date: "2026-11-24",
        time: "10:00",
        practitioner: "Sam",
        caller: { callerNumber: b.contact.phone ?? "" },
      })
    )._unsafeUnwrap();
    expect([moved.calendarSynced, moved.appointment.calendarId]).toEqual([true, "primary"]);
    expect(calendar.events(PHYSIO, "patel@clinic.example").map((e) => e.status)).toEqual(["cancelled"]);
    expect(calendar.events(PHYSIO, "primary").map((e) => e.status)).toEqual(["confirmed"]);
  });
});
