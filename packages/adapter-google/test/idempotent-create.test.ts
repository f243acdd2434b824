import { describe, expect, it } from "vitest";
import { Faults } from "../src/testing/index.ts";
import { appointmentEvent, heldEvents, linkOrg, useGoogleWorld } from "./support/google-world.ts";

const WORKER_BUDGET = { budgetMs: 30_000 };

describe("creating an appointment's event is idempotent: our event id, 409 means it is there", () => {
  const world = useGoogleWorld();

  it("sequential retries of one create hold one event (insert → 409 → get, nothing patched)", async () => {
    const { orgId, grant } = await linkOrg(world());
    const event = appointmentEvent();
    world().emulator.resetCounts();
    for (let i = 0; i < 3; i++) {
      expect((await world().gateway.createEvent(orgId, event))._unsafeUnwrap()).toEqual({ eventId: event.eventId });
    }
    expect(heldEvents(world().emulator, grant.account)).toEqual([
      { eventId: event.eventId, status: "confirmed", start: event.start, end: event.end },
    ]);
    expect((["insert", "get", "patch"] as const).map((k) => world().emulator.requests(k))).toEqual([3, 2, 0]);
  });

  it("concurrent retries of one create hold one event", async () => {
    const { orgId, grant } = await linkOrg(world());
    const event = appointmentEvent();
    const results = await Promise.all(Array.from({ length: 10 }, () => world().gateway.createEvent(orgId, event)));
    expect(results.map((r) => r.isOk())).toEqual(Array(10).fill(true));
    expect(heldEvents(world().emulator, grant.account).map((e) => [e.eventId, e.status])).toEqual([
      [event.eventId, "confirmed"],
    ]);
  });

  it("an insert that landed but answered 500 is retried into a 409 and holds one event", async () => {
    const { orgId, grant } = await linkOrg(world());
    const event = appointmentEvent();
    world().emulator.failNext("insert", Faults.landThen500);
    world().emulator.resetCounts();

    expect((await world().gateway.createEvent(orgId, event, WORKER_BUDGET))._unsafeUnwrap()).toEqual({
      eventId: event.eventId,
    });
    expect(heldEvents(world().emulator, grant.account).map((e) => [e.eventId, e.status])).toEqual([
      [event.eventId, "confirmed"],
    ]);
    expect([world().emulator.requests("insert"), world().emulator.requests("get")]).toEqual([2, 1]);
  });

  it("a cancelled event is revived by one patch, not inserted again", async () => {
    const { orgId, grant } = await linkOrg(world());
    const event = appointmentEvent();
    await world().gateway.createEvent(orgId, event);
    await world().gateway.cancelEvent(orgId, "primary", event.eventId);
    world().emulator.resetCounts();

    expect((await world().gateway.createEvent(orgId, event)).isOk()).toBe(true);
    expect((["insert", "get", "patch"] as const).map((k) => world().emulator.requests(k))).toEqual([1, 1, 1]);
    const [held] = world().emulator.calendars.events(grant.account, "primary");
    expect(held).toMatchObject({
      id: event.eventId,
      status: "confirmed",
      summary: "Consultation: Amira Khan",
      start: { dateTime: event.start.toISOString(), timeZone: "Europe/London" },
      end: { dateTime: event.end.toISOString(), timeZone: "Europe/London" },
    });
  });

  it("sends the clinic's zone, our title and description, and no invitations", async () => {
    const { orgId, grant } = await linkOrg(world());
    const event = { ...appointmentEvent(), zone: "America/New_York" };
    await world().gateway.createEvent(orgId, event);
    const [held] = world().emulator.calendars.events(grant.account, "primary");
    expect(held).toMatchObject({
      id: event.eventId,
      summary: event.summary,
      description: event.description,
      start: { timeZone: "America/New_York" },
      end: { timeZone: "America/New_York" },
    });
    expect(world().emulator.lastRequest("insert")?.query.get("sendUpdates")).toBe("none");
  });
});
