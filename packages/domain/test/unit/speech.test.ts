import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  defaultClinicSettings,
  localeOfRegion,
  type OrgId,
  readSaidDay,
  readSaidTime,
  speakFullDate,
  speakSlotGroups,
  speakWeekHours,
  speakWhen,
  spreadOverDays,
  type Voice,
  zoneInWords,
} from "../../src/index.ts";

const gb: Voice = { locale: "en-GB", zone: "Europe/London", year: 2026 };
const us: Voice = { locale: "en-US", zone: "America/New_York", year: 2026 };
const at = (iso: string, voice: Voice) => DateTime.fromISO(iso, { zone: voice.zone });

describe("dates and times in the clinic's locale", () => {
  it("en-GB: Tuesday 1 December at 2:30pm; en-US: Tuesday, December 1 at 2:30 PM", () => {
    expect(speakWhen(at("2026-12-01T14:30", gb), gb)).toBe("Tuesday 1 December at 2:30pm");
    expect(speakWhen(at("2026-12-01T14:30", us), us)).toBe("Tuesday, December 1 at 2:30 PM");
    expect(speakWhen(at("2026-12-01T09:00", gb), gb)).toBe("Tuesday 1 December at 9am");
    expect(speakWhen(at("2026-12-01T12:00", us), us)).toBe("Tuesday, December 1 at noon");
    expect(speakWhen(at("2026-12-01T00:00", gb), gb)).toBe("Tuesday 1 December at midnight");
  });

  it("says the year only when it is not this year", () => {
    expect(speakWhen(at("2027-01-05T10:00", gb), gb)).toBe("Tuesday 5 January 2027 at 10am");
    expect(speakWhen(at("2027-01-05T10:00", us), us)).toBe("Tuesday, January 5, 2027 at 10 AM");
    expect(speakFullDate(at("2026-11-22T10:00", gb), gb)).toBe("Sunday 22 November 2026");
    expect(speakFullDate(at("2026-11-22T10:00", us), us)).toBe("Sunday, November 22, 2026");
  });

  it("takes the locale from the clinic's region", () => {
    expect(["GB", "US", "AU", "NZ", "IE", "CA"].map((r) => localeOfRegion(r))).toEqual([
      "en-GB",
      "en-US",
      "en-AU",
      "en-AU",
      "en-GB",
      "en-GB",
    ]);
  });

  it("names zones in the clinic's words, never as an offset", () => {
    expect(zoneInWords("Europe/London")).toBe("UK time");
    expect(zoneInWords("America/New_York")).toBe("Eastern time");
    expect(zoneInWords("America/Los_Angeles")).toBe("Pacific time");
    expect(zoneInWords("Australia/Sydney")).toBe("Sydney time");
    expect(zoneInWords("America/Argentina/Buenos_Aires")).toBe("Buenos Aires time");
  });
});

describe("free-time lists", () => {
  const day = (d: string, times: string[], voice = gb) => times.map((t) => ({ start: at(`${d}T${t}`, voice) }));

  it("says each day once and the meridiem once per run", () => {
    const items = [...day("2026-12-03", ["09:00", "09:30", "11:00"]), ...day("2026-12-04", ["14:00", "15:00"])];
    expect(speakSlotGroups(items, gb)).toBe(
      "On Thursday 3 December: 9, 9:30 and 11am; on Friday 4 December: 2 and 3pm",
    );
    const us3 = day("2026-12-03", ["11:30", "13:00"], us);
    expect(speakSlotGroups(us3, us)).toBe("On Thursday, December 3: 11:30 AM and 1 PM");
  });

  it("carries who a time is with, and the service", () => {
    const items = [
      { start: at("2026-12-03T09:00", gb), with: ["Dr Patel"] },
      { start: at("2026-12-03T09:30", gb), with: ["Dr Shah", "Dr Lee"] },
      { start: at("2026-12-03T10:00", gb) },
    ];
    expect(speakSlotGroups(items, gb, "a consultation")).toBe(
      "For a consultation, on Thursday 3 December: 9am with Dr Patel, 9:30am with Dr Shah or Dr Lee and 10am",
    );
  });

  it("spreads a handful over the days asked instead of filling it from the first day", () => {
    const items = ["03", "04", "07"].flatMap((d) => day(`2026-12-${d}`, ["09:00", "09:30", "10:00", "10:30"]));
    const picked = spreadOverDays(items, gb, 6).map((i) => i.start.toFormat("dd HH:mm"));
    expect(picked).toEqual(["03 09:00", "03 09:30", "04 09:00", "04 09:30", "07 09:00", "07 09:30"]);
  });
});

describe("opening hours", () => {
  it("says a week from today with runs of days said once", () => {
    const hours = defaultClinicSettings("46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId).openingHours;
    expect(speakWeekHours(hours, 7, gb)).toBe("Sunday: closed; Monday to Friday: 9am to 5:30pm; Saturday: closed");
    expect(speakWeekHours(hours, 6, us)).toBe("Saturday and Sunday: closed; Monday to Friday: 9 AM to 5:30 PM");
  });
});

describe("times as callers say them", () => {
  it.each([
    ["2.30pm", 14, 30],
    ["14.30", 14, 30],
    ["14:30", 14, 30],
    ["2:30 p.m.", 14, 30],
    ["2:30 P.M.", 14, 30],
    ["9 a.m.", 9, 0],
    ["12am", 0, 0],
    ["noon", 12, 0],
    ["Midday", 12, 0],
    ["12 noon", 12, 0],
  ])("%s is %i:%i", (raw, hour, minute) => {
    expect(readSaidTime(raw)).toEqual({ hour, minute });
  });

  it.each(["2", "13pm", "25:00", "14:61", "half two", "2 m", ""])("%s is not a time", (raw) => {
    expect(readSaidTime(raw)).toBeNull();
  });
});

describe("days as callers say them", () => {
  const sunday = { year: 2026, month: 11, day: 22 };
  it.each([
    ["today", "2026-11-22"],
    ["Tomorrow", "2026-11-23"],
    ["the day after tomorrow", "2026-11-24"],
    ["Tuesday", "2026-11-24"],
    ["next Tuesday", "2026-11-24"],
    ["Sunday", "2026-11-22"],
    ["next Sunday", "2026-11-29"],
    ["on Friday", "2026-11-27"],
    ["2026-12-03", "2026-12-03"],
  ])("%s, said on Sunday 22 November, is %s", (raw, iso) => {
    const d = readSaidDay(raw, sunday);
    expect(d === null ? null : DateTime.fromObject(d).toISODate()).toBe(iso);
  });

  it.each(["3rd December", "2026-02-30", "someday", "next"])("%s is not a day", (raw) => {
    expect(readSaidDay(raw, sunday)).toBeNull();
  });
});
