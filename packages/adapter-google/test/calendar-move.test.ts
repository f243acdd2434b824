/**
 * @module test/calendar-move
 * An appointment moved to another practitioner moves its event between calendars: deleted on the
 * old calendar, inserted on the new one, each step safe to repeat (a retried sync job converges to
 * exactly one live event, on the new calendar).
 */
import { describe, expect, it } from "vitest";
import { appointmentEvent, heldEvents, linkOrg, useGoogleWorld } from "./support/google-world.ts";

describe("moving an event between two calendars of the linked account", () => {
  const world = useGoogleWorld();

  it("delete on the old calendar then insert on the new one, repeated, leaves one live event on the new calendar", async () => {
    const { orgId, grant } = await linkOrg(world());
    world().emulator.calendars.addCalendar(grant.account, "sam");
    const onPrimary = appointmentEvent(new Date("2027-05-04T09:00:00Z"));
    const onSam = { ...onPrimary, calendarId: "sam" };
    expect((await world().gateway.createEvent(orgId, onPrimary)).isOk()).toBe(true);

    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await world().gateway.cancelEvent(orgId, "primary", onPrimary.eventId)).isOk()).toBe(true);
      expect((await world().gateway.createEvent(orgId, onSam)).isOk()).toBe(true);
    }

    const live = (calendarId: string) =>
      heldEvents(world().emulator, grant.account, calendarId).filter((e) => e.status === "confirmed");
    expect(live("primary")).toEqual([]);
    expect(live("sam")).toEqual([
      { eventId: onPrimary.eventId, status: "confirmed", start: onPrimary.start, end: onPrimary.end },
    ]);
    const window = { start: onPrimary.start, end: onPrimary.end };
    expect((await world().gateway.busyTimes(orgId, ["primary", "sam"], window))._unsafeUnwrap()).toEqual({
      primary: [],
      sam: [{ start: onPrimary.start, end: onPrimary.end }],
    });
  });

  it("moving back to the first calendar revives the cancelled event there (same id), still one live event", async () => {
    const { orgId, grant } = await linkOrg(world());
    world().emulator.calendars.addCalendar(grant.account, "sam");
    const onPrimary = appointmentEvent(new Date("2027-05-04T11:00:00Z"));
    const onSam = { ...onPrimary, calendarId: "sam" };
    await world().gateway.createEvent(orgId, onPrimary);
    await world().gateway.cancelEvent(orgId, "primary", onPrimary.eventId);
    await world().gateway.createEvent(orgId, onSam);
    const later = { ...onPrimary, start: new Date("2027-05-04T12:00:00Z"), end: new Date("2027-05-04T12:30:00Z") };
    await world().gateway.cancelEvent(orgId, "sam", onSam.eventId);
    expect((await world().gateway.createEvent(orgId, later)).isOk()).toBe(true);

    const statuses = (calendarId: string) =>
      heldEvents(world().emulator, grant.account, calendarId).map((e) => [e.status, e.start.toISOString()]);
    expect(statuses("primary")).toEqual([["confirmed", "2027-05-04T12:00:00.000Z"]]);
    expect(statuses("sam")).toEqual([["cancelled", "2027-05-04T11:00:00.000Z"]]);
  });
});
