import { fc, test } from "@fast-check/vitest";
import { DateTime } from "luxon";
import { describe, expect } from "vitest";
import { readSaidDay, readSaidTime } from "../../src/index.ts";

const hour24 = fc.integer({ min: 0, max: 23 });
const minute = fc.integer({ min: 0, max: 59 });
const pad = (n: number) => String(n).padStart(2, "0");

describe("readSaidTime", () => {
  test.prop([hour24, minute, fc.constantFrom(":", ".")])(
    "reads every 24-hour clock, with a colon or a dot",
    (h, m, sep) => {
      expect(readSaidTime(`${h}${sep}${pad(m)}`)).toEqual({ hour: h, minute: m });
    },
  );

  test.prop([hour24, minute, fc.constantFrom("am", "pm", " AM", " PM", " a.m.", " p.m.", "a.m.", "P.M.")])(
    "reads every 12-hour clock the same whatever the spelling of am and pm",
    (h, m, suffix) => {
      const twelve = h % 12 === 0 ? 12 : h % 12;
      const pm = h >= 12;
      const said = `${twelve}:${pad(m)}${pm ? suffix.replace(/a/i, (c) => (c === "a" ? "p" : "P")) : suffix.replace(/p/i, (c) => (c === "p" ? "a" : "A"))}`;
      expect(readSaidTime(said)).toEqual({ hour: h, minute: m });
    },
  );

  test.prop([fc.string({ maxLength: 12 })])("never names an impossible time", (raw) => {
    const t = readSaidTime(raw);
    if (t !== null) expect(t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59).toBe(true);
  });
});

describe("readSaidDay, an ISO date", () => {
  const today = { year: 2026, month: 11, day: 22 };
  test.prop([fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })])(
    "is the date exactly when the calendar has it (as luxon reads it)",
    (year, month, day) => {
      const iso = `${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)}`;
      const luxon = DateTime.fromObject({ year, month, day }, { zone: "UTC" });
      expect(readSaidDay(iso, today)).toEqual(luxon.isValid ? { year, month, day } : null);
    },
  );
});
