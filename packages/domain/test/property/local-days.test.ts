import { fc, test } from "@fast-check/vitest";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { localDayOf, voiceOf } from "../../src/index.ts";

/** Zones with DST, including ones whose clocks changed at midnight (a day that starts at 01:00). */
const zones = fc.constantFrom(
  "Europe/London",
  "America/New_York",
  "Australia/Sydney",
  "America/Sao_Paulo",
  "America/Santiago",
  "America/Havana",
  "Asia/Beirut",
  "Pacific/Chatham",
  "Asia/Kolkata",
);
/** 1990–2040, to the millisecond: DST rules old and new. */
const instants = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) });

const luxonDay = (t: number, zone: string) => {
  const day = DateTime.fromMillis(t, { zone });
  return { start: day.startOf("day").toMillis(), end: day.plus({ days: 1 }).startOf("day").toMillis() };
};

describe("localDayOf", () => {
  test.prop([zones, instants, fc.integer({ min: 0, max: 86_399_999 })])(
    "is luxon's local day, whichever instant of the day asked first",
    (zone, t, later) => {
      const day = luxonDay(t, zone);
      expect(localDayOf(new Date(t), zone)).toEqual(day);
      expect(day.start <= t && t < day.end).toBe(true);
      // Another instant of the same local day gets the same (remembered) bounds.
      const other = day.start + (later % (day.end - day.start));
      expect(localDayOf(new Date(other), zone)).toEqual(day);
    },
  );

  /** Instants within 15 hours of a New Year in UTC, where zones disagree about the year. */
  const aroundNewYear = fc
    .tuple(fc.integer({ min: 1990, max: 2040 }), fc.integer({ min: -15 * 3_600_000, max: 15 * 3_600_000 }))
    .map(([year, off]) => Date.UTC(year, 0, 1) + off);
  test.prop([zones, fc.oneof(instants, aroundNewYear)])("says the year of the clinic's local date", (zone, t) => {
    expect(voiceOf({ region: "GB", zone }, new Date(t)).year).toBe(DateTime.fromMillis(t, { zone }).year);
  });

  it("starts a day whose midnight never happened at the first instant after the gap", () => {
    // São Paulo's clocks went from 00:00 to 01:00 on 4 November 2018: that day began at 01:00 -02:00.
    const day = localDayOf(new Date("2018-11-04T15:00:00Z"), "America/Sao_Paulo");
    expect(new Date(day.start).toISOString()).toBe("2018-11-04T03:00:00.000Z");
    expect(day.end - day.start).toBe(23 * 3_600_000);
  });
});
