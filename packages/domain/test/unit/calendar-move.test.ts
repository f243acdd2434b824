/**
 * An appointment moved to another practitioner's calendar: the sync deletes its event from the
 * calendar it was written to, then creates it on the new one. A failure between the two steps
 * and a retry (the worker's) still end with one live event, on the new calendar, once.
 */
import { errAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  type Appointment,
  type CalendarGateway,
  calendarEventIdFor,
  DomainErrors,
  writeToCalendar,
} from "../../src/index.ts";
import { InMemoryCalendarGateway } from "../../src/testing/index.ts";
import { PHYSIO, patel, physioClinic, sam } from "../support/staffed-clinic.ts";

const id = "00000000-0000-4000-8000-00000000c0de";
const moved: Appointment = {
  id,
  orgId: PHYSIO,
  contactId: null,
  practitionerId: sam.id,
  serviceId: "s-check",
  calendarId: "primary",
  startsAt: new Date("2026-11-24T10:00:00Z"),
  endsAt: new Date("2026-11-24T10:20:00Z"),
  blocksFrom: new Date("2026-11-24T10:00:00Z"),
  blocksUntil: new Date("2026-11-24T10:20:00Z"),
  status: "booked",
  serviceType: null,
  patientName: "Pat",
  version: 2,
  calendarSync: "pending",
  calendarEventId: calendarEventIdFor(id),
  calendarEventCalendarId: patel.calendarId,
};

/** The in-memory calendar, whose first `createEvent` fails (after the old event was deleted). */
function createFailsOnce(inner: InMemoryCalendarGateway): CalendarGateway {
  let failed = false;
  return {
    busyTimes: (orgId, calendarIds, window) => inner.busyTimes(orgId, calendarIds, window),
    moveEvent: (orgId, event) => inner.moveEvent(orgId, event),
    cancelEvent: (orgId, calendarId, eventId) => inner.cancelEvent(orgId, calendarId, eventId),
    createEvent: (orgId, event) => {
      if (failed) return inner.createEvent(orgId, event);
      failed = true;
      return errAsync(DomainErrors.calendarUnavailable());
    },
  };
}

describe("writeToCalendar across calendars", () => {
  it("deletes from the old calendar, creates on the new; a retry after a failure in between leaves one event", async () => {
    const calendar = new InMemoryCalendarGateway().link(PHYSIO);
    const clinic = physioClinic();
    const old = { ...moved, calendarId: patel.calendarId ?? "", practitionerId: patel.id, version: 1 };
    await writeToCalendar(
      calendar,
      clinic,
      { ...old, calendarEventId: null, calendarEventCalendarId: null },
      null,
      1000,
    );
    const flaky = createFailsOnce(calendar);
    expect((await writeToCalendar(flaky, clinic, moved, null, 1000))._unsafeUnwrapErr().code).toBe(
      "CALENDAR_UNAVAILABLE",
    );
    for (let retry = 0; retry < 2; retry++) {
      const written = (await writeToCalendar(flaky, clinic, moved, null, 1000))._unsafeUnwrap();
      expect(written).toEqual({ eventId: calendarEventIdFor(id), calendarId: "primary" });
    }
    expect(calendar.events(PHYSIO, patel.calendarId ?? "").map((e) => e.status)).toEqual(["cancelled"]);
    expect(calendar.events(PHYSIO, "primary").map((e) => [e.status, e.event.summary])).toEqual([
      ["confirmed", "Check-up: Pat"],
    ]);
  });

  it("a cancelled appointment's event is cancelled where it was written", async () => {
    const calendar = new InMemoryCalendarGateway().link(PHYSIO);
    const clinic = physioClinic();
    const onPatel = {
      ...moved,
      calendarId: patel.calendarId ?? "",
      calendarEventId: null,
      calendarEventCalendarId: null,
    };
    await writeToCalendar(calendar, clinic, onPatel, null, 1000);
    const written = await writeToCalendar(calendar, clinic, { ...moved, status: "cancelled" }, null, 1000);
    expect(written._unsafeUnwrap().calendarId).toBe(patel.calendarId);
    expect(calendar.events(PHYSIO, patel.calendarId ?? "").map((e) => e.status)).toEqual(["cancelled"]);
  });
});
