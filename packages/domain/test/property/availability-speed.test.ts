/**
 * The shortcuts that make a fortnight's availability fast answer exactly what the plain ways did:
 * the busy timeline's binary search is the pass over every interval, and a zone whose offsets are
 * remembered per hour gives luxon's own offsets, across DST changes in zones far from UTC too.
 */
import { fc, test } from "@fast-check/vitest";
import { DateTime, IANAZone, Info } from "luxon";
import { describe, expect } from "vitest";
import { busyTimeline } from "../../src/availability/busy-timeline.ts";
import { suggest } from "../../src/availability/slots.ts";
import { defaultClinicSettings } from "../../src/clinic/clinic-settings.ts";
import { type Interval, overlaps, weekdayOf } from "../../src/clinic/opening-hours.ts";
import { speakInstant } from "../../src/speech/clinic.ts";
import { dateOrder, inZone, nextLocalDate, toLocalDate } from "../../src/values/clinic-time.ts";
import type { OrgId } from "../../src/values/org-id.ts";
import type { Region } from "../../src/values/phone-number.ts";
import { zoneOf } from "../../src/values/zone-offsets.ts";

const MINUTE = 60_000;
const DAY0 = Date.UTC(2026, 9, 24);

/** An interval within two days from DAY0 on a 5-minute grid, possibly empty. */
const interval = fc
  .tuple(fc.integer({ min: 0, max: 576 }), fc.integer({ min: 0, max: 48 }))
  .map(([start, length]): Interval => {
    const from = DAY0 + start * 5 * MINUTE;
    return { start: new Date(from), end: new Date(from + length * 5 * MINUTE) };
  });

describe("the busy timeline", () => {
  test.prop([fc.array(interval, { maxLength: 40 }), fc.array(interval, { minLength: 1, maxLength: 20 })])(
    "says a slot is busy exactly when some busy interval overlaps it",
    (busy, slots) => {
      const timeline = busyTimeline(busy);
      for (const slot of slots) expect(timeline.overlaps(slot)).toBe(busy.some((b) => overlaps(slot, b)));
    },
  );
});

const ZONES = [
  "Europe/London",
  "America/New_York",
  "Australia/Sydney",
  "Australia/Lord_Howe",
  "Asia/Kathmandu",
  "Pacific/Chatham",
  "America/Sao_Paulo",
  "Africa/Casablanca",
];

describe("remembered zone offsets", () => {
  test.prop([
    fc.constantFrom(...ZONES),
    // 1900 to 2100, to the millisecond: old local mean times, today's rules and the years ahead.
    fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
  ])("are luxon's own, at any instant", (name, ts) => {
    expect(zoneOf(name).offset(ts)).toBe(IANAZone.create(name).offset(ts));
  });

  test.prop([fc.constantFrom(...ZONES), fc.integer({ min: 0, max: 366 * 24 * 4 })])(
    "are luxon's own around this year's changes, every quarter of an hour",
    (name, quarter) => {
      const ts = Date.UTC(2026, 0, 1) + quarter * 15 * MINUTE - 1;
      for (const at of [ts, ts + 1, ts + 2]) expect(zoneOf(name).offset(at)).toBe(IANAZone.create(name).offset(at));
    },
  );

  test.prop([fc.constantFrom("UTC", "utc", "UTC+3", "Not/AZone")])(
    "leave the names luxon does not read as an IANA zone to luxon",
    (name) => {
      const luxons = Info.normalizeZone(name);
      expect([zoneOf(name).name, zoneOf(name).isValid]).toEqual([luxons.name, luxons.isValid]);
      expect(zoneOf(name).offset(DAY0)).toEqual(luxons.offset(DAY0));
    },
  );
});

describe("calendar days by arithmetic", () => {
  test.prop([
    fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 30)), noInvalidDate: true }),
  ])("the next day, its order and the weekday are luxon's", (at) => {
    const day = DateTime.fromJSDate(at, { zone: "UTC" });
    const date = toLocalDate(day);
    expect(nextLocalDate(date)).toEqual(toLocalDate(day.plus({ days: 1 })));
    expect(dateOrder(nextLocalDate(date))).toBeGreaterThan(dateOrder(date));
    expect(weekdayOf(date)).toBe(day.weekday);
  });
});

describe("a slot as offered, by arithmetic", () => {
  test.prop([
    fc.constantFrom(...ZONES),
    fc.constantFrom<Region>("GB", "US", "AU"),
    fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
    fc.integer({ min: 0, max: 600 }),
  ])("is what luxon's ISO text and the spoken instant say", (zone, region, start, minutes) => {
    const settings = { ...defaultClinicSettings("org" as OrgId), zone, region };
    const now = new Date(Date.UTC(2026, 10, 22));
    const slot = { start: new Date(start), end: new Date(start + minutes * MINUTE) };
    expect(suggest(settings, slot, now)).toEqual({
      startsAt: inZone(slot.start, zone).toISO(),
      endsAt: inZone(slot.end, zone).toISO(),
      spoken: speakInstant(settings, now, slot.start),
    });
  });
});
