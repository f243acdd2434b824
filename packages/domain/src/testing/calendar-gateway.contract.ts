/**
 * @module testing/calendar-gateway.contract
 * One contract for every `CalendarGateway`: in memory and Google (on the local emulator). What
 * we rely on: our event id makes create idempotent (a repeat is not a second event; a cancelled
 * event is revived; a stale one is moved to the new times), move and cancel converge too, an org
 * without a link is `CALENDAR_NOT_LINKED`, and busy times honour the window's half-open bounds.
 * Each case is a plain async function that throws (node:assert) on failure:
 * `for (const c of calendarGatewayContract) it(c.name, () => c.run(fixture))`.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { calendarEventIdFor } from "../appointments/calendar-event-id.ts";
import type { Interval } from "../clinic/opening-hours.ts";
import type { CalendarEvent, CalendarGateway } from "../ports/calendar-gateway.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { code, unwrap } from "./contract-assertions.ts";

/** An event as the calendar holds it, read back behind the gateway's back. */
export interface HeldEvent {
  readonly eventId: string;
  readonly status: "confirmed" | "cancelled";
  readonly start: Date;
  readonly end: Date;
}

export interface LinkedCalendarFixture {
  readonly gateway: CalendarGateway;
  readonly orgId: OrgId;
  readonly calendarId: string;
  /** A second calendar of the same link (a practitioner's own), empty. */
  readonly otherCalendarId: string;
  /** Every event of the linked calendar, cancelled ones included. */
  events(): Promise<HeldEvent[]>;
  /** Every event of the other calendar, cancelled ones included. */
  otherEvents(): Promise<HeldEvent[]>;
}

export interface CalendarContractFixture {
  /** A fresh org whose calendar is linked and empty. */
  linkedOrg(): Promise<LinkedCalendarFixture>;
  /** A gateway and an org with no calendar linked. */
  unlinkedOrg(): Promise<{ gateway: CalendarGateway; orgId: OrgId }>;
}

export interface CalendarContractCase {
  readonly name: string;
  run(fixture: CalendarContractFixture): Promise<void>;
}

const MIN = 60_000;
const T0 = Date.parse("2027-03-09T10:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * MIN);
const window = (from: number, to: number): Interval => ({ start: at(from), end: at(to) });

/** An event of a new appointment from `start` to `end` minutes after the contract's base instant. */
export function contractEvent(calendarId: string, start: number, end = start + 30): CalendarEvent {
  const appointmentId = randomUUID();
  return {
    eventId: calendarEventIdFor(appointmentId),
    calendarId,
    start: at(start),
    end: at(end),
    zone: "Europe/London",
    summary: "Consultation: Contract Patient",
    description: `Consultation for Contract Patient\nPhone: +447700900123\nReference: ${appointmentId}`,
  };
}

/** Busy time as minutes from the base instant, clipped to the window, merged, sorted. */
function minutes(busy: readonly Interval[], w: Interval): [number, number][] {
  for (const b of busy) {
    assert.ok(
      b.start < w.end && b.end > w.start,
      `busy ${b.start.toISOString()}–${b.end.toISOString()} is outside the window`,
    );
  }
  const clipped = busy
    .map((b) => [Math.max(b.start.getTime(), w.start.getTime()), Math.min(b.end.getTime(), w.end.getTime())] as const)
    .filter(([s, e]) => s < e)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of clipped) {
    const last = merged.at(-1);
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged.map(([s, e]) => [(s - T0) / MIN, (e - T0) / MIN]);
}

function held(events: readonly HeldEvent[]) {
  return events.map((e) => ({
    eventId: e.eventId,
    status: e.status,
    start: (e.start.getTime() - T0) / MIN,
    end: (e.end.getTime() - T0) / MIN,
  }));
}

/** The busy times of one calendar, asked for alone: the answer has exactly that calendar's key. */
function busyOf(gateway: CalendarGateway, orgId: OrgId, calendarId: string, w: Interval) {
  return gateway.busyTimes(orgId, [calendarId], w).map((answer) => {
    assert.deepEqual(Object.keys(answer), [calendarId]);
    return answer[calendarId] ?? [];
  });
}

export const calendarGatewayContract: readonly CalendarContractCase[] = [
  {
    name: "a created event is held confirmed and shows as busy",
    async run(fixture) {
      const { gateway, orgId, calendarId, events } = await fixture.linkedOrg();
      const event = contractEvent(calendarId, 0);
      assert.deepEqual(await unwrap(gateway.createEvent(orgId, event)), { eventId: event.eventId });
      assert.deepEqual(held(await events()), [{ eventId: event.eventId, status: "confirmed", start: 0, end: 30 }]);
      const w = window(-60, 120);
      assert.deepEqual(minutes(await unwrap(busyOf(gateway, orgId, calendarId, w)), w), [[0, 30]]);
    },
  },
  {
    name: "creating the same event twice, in turn or at once, holds one event",
    async run(fixture) {
      const { gateway, orgId, calendarId, events } = await fixture.linkedOrg();
      const event = contractEvent(calendarId, 0);
      await unwrap(gateway.createEvent(orgId, event));
      await unwrap(gateway.createEvent(orgId, event));
      const both = await Promise.all([gateway.createEvent(orgId, event), gateway.createEvent(orgId, event)]);
      assert.deepEqual(
        both.map((r) => r.isOk() && r.value),
        [{ eventId: event.eventId }, { eventId: event.eventId }],
      );
      assert.deepEqual(held(await events()), [{ eventId: event.eventId, status: "confirmed", start: 0, end: 30 }]);
    },
  },
  {
    name: "creating a cancelled event again revives it at the new times: one event, confirmed",
    async run(fixture) {
      const { gateway, orgId, calendarId, events } = await fixture.linkedOrg();
      const event = contractEvent(calendarId, 0);
      await unwrap(gateway.createEvent(orgId, event));
      await unwrap(gateway.cancelEvent(orgId, calendarId, event.eventId));
      assert.deepEqual(
        held(await events()).map((e) => e.status),
        ["cancelled"],
      );
      await unwrap(gateway.createEvent(orgId, { ...event, start: at(60), end: at(90) }));
      assert.deepEqual(held(await events()), [{ eventId: event.eventId, status: "confirmed", start: 60, end: 90 }]);
    },
  },
  {
    name: "creating an event that exists at other times moves it there",
    async run(fixture) {
      const { gateway, orgId, calendarId, events } = await fixture.linkedOrg();
      const event = contractEvent(calendarId, 0);
      await unwrap(gateway.createEvent(orgId, event));
      await unwrap(gateway.createEvent(orgId, { ...event, start: at(120), end: at(150) }));
      assert.deepEqual(held(await events()), [{ eventId: event.eventId, status: "confirmed", start: 120, end: 150 }]);
    },
  },
  {
    name: "moving an event changes its times and its busy time",
    async run(fixture) {
      const { gateway, orgId, calendarId, events } = await fixture.linkedOrg();
      const event = contractEvent(calendarId, 0);
      await unwrap(gateway.createEvent(orgId, event));
      assert.deepEqual(await unwrap(gateway.moveEvent(orgId, { ...event, start: at(60), end: at(75) })), {
        eventId: event.eventId,
      });
      assert.deepEqual(held(await events()), [{ eventId: event.eventId, status: "confirmed", start: 60, end: 75 }]);
      const w = window(-60, 180);
      assert.deepEqual(minutes(await unwrap(busyOf(gateway, orgId, calendarId, w)), w), [[60, 75]]);
    },
  },
  {
    name: "moving an event the calendar does not hold creates it",
    async run(fixture) {
      const { gateway, orgId, calendarId, events } = await fixture.linkedOrg();
      const event = contractEvent(calendarId, 30);
      await unwrap(gateway.moveEvent(orgId, event));
      assert.deepEqual(held(await events()), [{ eventId: event.eventId, status: "confirmed", start: 30, end: 60 }]);
    },
  },
  {
    name: "cancelling frees the time; cancelling again, or an event never created, is done",
    async run(fixture) {
      const { gateway, orgId, calendarId, events } = await fixture.linkedOrg();
      const event = contractEvent(calendarId, 0);
      await unwrap(gateway.createEvent(orgId, event));
      await unwrap(gateway.cancelEvent(orgId, calendarId, event.eventId));
      await unwrap(gateway.cancelEvent(orgId, calendarId, event.eventId));
      await unwrap(gateway.cancelEvent(orgId, calendarId, contractEvent(calendarId, 0).eventId));
      assert.deepEqual(
        held(await events()).map((e) => [e.eventId, e.status]),
        [[event.eventId, "cancelled"]],
      );
      const w = window(-60, 120);
      assert.deepEqual(await unwrap(busyOf(gateway, orgId, calendarId, w)), []);
    },
  },
  {
    name: "busy times: the window is half-open; events touching it from outside are not busy",
    async run(fixture) {
      const { gateway, orgId, calendarId } = await fixture.linkedOrg();
      for (const [s, e] of [
        [-30, 0], // ends where the window starts
        [-15, 15], // straddles the start
        [60, 90], // inside
        [165, 195], // straddles the end
        [180, 210], // starts where the window ends
      ] as const) {
        await unwrap(gateway.createEvent(orgId, contractEvent(calendarId, s, e)));
      }
      const w = window(0, 180);
      assert.deepEqual(minutes(await unwrap(busyOf(gateway, orgId, calendarId, w)), w), [
        [0, 15],
        [60, 90],
        [165, 180],
      ]);
      const outside = window(240, 300);
      assert.deepEqual(await unwrap(busyOf(gateway, orgId, calendarId, outside)), []);
    },
  },
  {
    name: "busy times of two calendars come from one call, each calendar with its own events",
    async run(fixture) {
      const { gateway, orgId, calendarId, otherCalendarId } = await fixture.linkedOrg();
      await unwrap(gateway.createEvent(orgId, contractEvent(calendarId, 0, 30)));
      await unwrap(gateway.createEvent(orgId, contractEvent(otherCalendarId, 60, 90)));
      const w = window(-60, 180);
      const answer = await unwrap(gateway.busyTimes(orgId, [calendarId, otherCalendarId], w));
      assert.deepEqual(Object.keys(answer).sort(), [calendarId, otherCalendarId].sort());
      assert.deepEqual(minutes(answer[calendarId] ?? [], w), [[0, 30]]);
      assert.deepEqual(minutes(answer[otherCalendarId] ?? [], w), [[60, 90]]);
    },
  },
  {
    name: "an event moved to another calendar (cancel on the old, create on the new; done twice) is live only on the new one",
    async run(fixture) {
      const { gateway, orgId, calendarId, otherCalendarId, events, otherEvents } = await fixture.linkedOrg();
      const event = contractEvent(calendarId, 0);
      await unwrap(gateway.createEvent(orgId, event));
      for (let i = 0; i < 2; i++) {
        await unwrap(gateway.cancelEvent(orgId, calendarId, event.eventId));
        await unwrap(gateway.createEvent(orgId, { ...event, calendarId: otherCalendarId, start: at(60), end: at(90) }));
      }
      assert.deepEqual(
        held(await events()).map((e) => [e.eventId, e.status]),
        [[event.eventId, "cancelled"]],
      );
      assert.deepEqual(held(await otherEvents()), [
        { eventId: event.eventId, status: "confirmed", start: 60, end: 90 },
      ]);
    },
  },
  {
    name: "an org without a linked calendar gets CALENDAR_NOT_LINKED from every operation",
    async run(fixture) {
      const { gateway, orgId } = await fixture.unlinkedOrg();
      const event = contractEvent("primary", 0);
      assert.deepEqual(
        [
          await code(gateway.createEvent(orgId, event)),
          await code(gateway.moveEvent(orgId, event)),
          await code(gateway.cancelEvent(orgId, "primary", event.eventId)),
          await code(gateway.busyTimes(orgId, ["primary"], window(0, 60))),
        ],
        ["CALENDAR_NOT_LINKED", "CALENDAR_NOT_LINKED", "CALENDAR_NOT_LINKED", "CALENDAR_NOT_LINKED"],
      );
    },
  },
];
