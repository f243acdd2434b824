/**
 * @module test/free-busy
 * `busyTimes` on the emulator: several calendars in ONE freeBusy request answered per calendar,
 * and an unreadable calendar (an error inside the 200) never reported as free.
 */
import { describe, expect, it } from "vitest";
import { Faults } from "../src/testing/index.ts";
import { appointmentEvent, linkOrg, useGoogleWorld } from "./support/google-world.ts";

const window = { start: new Date("2027-05-04T00:00:00Z"), end: new Date("2027-05-05T00:00:00Z") };

describe("busy times from freeBusy: an unreadable calendar is never reported as free", () => {
  const world = useGoogleWorld();

  it("reports Google's busy blocks inside the window", async () => {
    const { orgId } = await linkOrg(world());
    const event = appointmentEvent(new Date("2027-05-04T09:00:00Z"));
    await world().gateway.createEvent(orgId, event);
    expect((await world().gateway.busyTimes(orgId, ["primary"], window))._unsafeUnwrap()).toEqual({
      primary: [{ start: event.start, end: event.end }],
    });
    expect(JSON.parse(world().emulator.lastRequest("freeBusy")?.body ?? "{}")).toEqual({
      timeMin: window.start.toISOString(),
      timeMax: window.end.toISOString(),
      items: [{ id: "primary" }],
    });
  });

  it("asks for several calendars in one request and answers per calendar (a free one included)", async () => {
    const { orgId, grant } = await linkOrg(world());
    world().emulator.calendars.addCalendar(grant.account, "patel");
    world().emulator.calendars.addCalendar(grant.account, "sam");
    const patel = appointmentEvent(new Date("2027-05-04T09:00:00Z"), "patel");
    const clinic = appointmentEvent(new Date("2027-05-04T10:00:00Z"));
    await world().gateway.createEvent(orgId, patel);
    await world().gateway.createEvent(orgId, clinic);
    world().emulator.resetCounts();
    const busy = await world().gateway.busyTimes(orgId, ["patel", "sam", "primary", "patel"], window);
    expect(busy._unsafeUnwrap()).toEqual({
      patel: [{ start: patel.start, end: patel.end }],
      sam: [],
      primary: [{ start: clinic.start, end: clinic.end }],
    });
    expect(world().emulator.requests("freeBusy")).toBe(1);
    expect(JSON.parse(world().emulator.lastRequest("freeBusy")?.body ?? "{}").items).toEqual([
      { id: "patel" },
      { id: "sam" },
      { id: "primary" },
    ]);
  });

  it("no calendars asked: no request, an empty answer", async () => {
    const { orgId } = await linkOrg(world());
    world().emulator.resetCounts();
    expect((await world().gateway.busyTimes(orgId, [], window))._unsafeUnwrap()).toEqual({});
    expect(world().emulator.requests("freeBusy")).toBe(0);
  });

  it("a per-calendar error inside the 200 (backendError) is CALENDAR_UNAVAILABLE, not free", async () => {
    const { orgId, grant } = await linkOrg(world());
    await world().gateway.createEvent(orgId, appointmentEvent(new Date("2027-05-04T09:00:00Z")));
    world().emulator.calendars.setFreeBusyErrors(grant.account, "primary", [
      { domain: "global", reason: "backendError" },
    ]);
    expect((await world().gateway.busyTimes(orgId, ["primary"], window))._unsafeUnwrapErr().code).toBe(
      "CALENDAR_UNAVAILABLE",
    );
  });

  it("one calendar's error fails the whole answer, even when the others were read", async () => {
    const { orgId, grant } = await linkOrg(world());
    world().emulator.calendars.addCalendar(grant.account, "sam");
    world().emulator.calendars.setFreeBusyErrors(grant.account, "sam", [{ domain: "global", reason: "backendError" }]);
    expect((await world().gateway.busyTimes(orgId, ["primary", "sam"], window))._unsafeUnwrapErr().code).toBe(
      "CALENDAR_UNAVAILABLE",
    );
  });

  it("a calendar Google cannot find (notFound inside the 200) is CALENDAR_NOT_LINKED, not free", async () => {
    const { orgId } = await linkOrg(world());
    expect((await world().gateway.busyTimes(orgId, ["no-such-calendar"], window))._unsafeUnwrapErr().code).toBe(
      "CALENDAR_NOT_LINKED",
    );
    expect(
      (await world().gateway.busyTimes(orgId, ["primary", "no-such-calendar"], window))._unsafeUnwrapErr().code,
    ).toBe("CALENDAR_NOT_LINKED");
  });

  it("a freeBusy query is retried like any other call", async () => {
    const { orgId } = await linkOrg(world());
    world().emulator.failNext("freeBusy", Faults.serverError);
    world().emulator.resetCounts();
    expect((await world().gateway.busyTimes(orgId, ["primary"], window, { budgetMs: 10_000 }))._unsafeUnwrap()).toEqual(
      { primary: [] },
    );
    expect(world().emulator.requests("freeBusy")).toBe(2);
  });
});
