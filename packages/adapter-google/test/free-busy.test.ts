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
    expect((await world().gateway.busyTimes(orgId, "primary", window))._unsafeUnwrap()).toEqual([
      { start: event.start, end: event.end },
    ]);
    expect(JSON.parse(world().emulator.lastRequest("freeBusy")?.body ?? "{}")).toEqual({
      timeMin: window.start.toISOString(),
      timeMax: window.end.toISOString(),
      items: [{ id: "primary" }],
    });
  });

  it("a per-calendar error inside the 200 (backendError) is CALENDAR_UNAVAILABLE, not free", async () => {
    const { orgId, grant } = await linkOrg(world());
    await world().gateway.createEvent(orgId, appointmentEvent(new Date("2027-05-04T09:00:00Z")));
    world().emulator.calendars.setFreeBusyErrors(grant.account, "primary", [
      { domain: "global", reason: "backendError" },
    ]);
    expect((await world().gateway.busyTimes(orgId, "primary", window))._unsafeUnwrapErr().code).toBe(
      "CALENDAR_UNAVAILABLE",
    );
  });

  it("a calendar Google cannot find (notFound inside the 200) is CALENDAR_NOT_LINKED, not free", async () => {
    const { orgId } = await linkOrg(world());
    expect((await world().gateway.busyTimes(orgId, "no-such-calendar", window))._unsafeUnwrapErr().code).toBe(
      "CALENDAR_NOT_LINKED",
    );
  });

  it("a freeBusy query is retried like any other call", async () => {
    const { orgId } = await linkOrg(world());
    world().emulator.failNext("freeBusy", Faults.serverError);
    world().emulator.resetCounts();
    expect((await world().gateway.busyTimes(orgId, "primary", window, { budgetMs: 10_000 }))._unsafeUnwrap()).toEqual(
      [],
    );
    expect(world().emulator.requests("freeBusy")).toBe(2);
  });
});
