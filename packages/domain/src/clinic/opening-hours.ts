/**
 * @module clinic/opening-hours
 * Opening windows of a local day as instants, when the clinic next opens, and the sentence that
 * tells a caller when the clinic is open.
 */
import { DateTime } from "luxon";
import { speakDayOf } from "../speech/dates.ts";
import type { Voice } from "../speech/locale.ts";
import { speakClosedDay, speakOpenDay } from "../speech/opening-hours.ts";
import { formatLocalDate, type LocalDate, resolveLocalTime } from "../values/clinic-time.ts";
import { zoneOf } from "../values/zone-offsets.ts";
import { type ClinicSettings, minutesOfDay, type Weekday } from "./clinic-settings.ts";

export interface Interval {
  readonly start: Date;
  readonly end: Date;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

export function weekdayOf(date: LocalDate): Weekday {
  const at = new Date(0);
  at.setUTCFullYear(date.year, date.month - 1, date.day);
  // getUTCDay counts from Sunday (0); a Weekday from Monday (1) to Sunday (7).
  return (((at.getUTCDay() + 6) % 7) + 1) as Weekday;
}

/** The day's opening windows as instants (a window edge inside a DST gap moves to the gap's end). */
export function openingIntervals(settings: ClinicSettings, date: LocalDate): Interval[] {
  return settings.openingHours[weekdayOf(date)].map((w) => ({
    start: wallInstant(settings, date, minutesOfDay(w.open)),
    end: wallInstant(settings, date, minutesOfDay(w.close)),
  }));
}

function wallInstant(settings: ClinicSettings, date: LocalDate, minutes: number): Date {
  const time = { hour: Math.floor(minutes / 60), minute: minutes % 60 };
  const r = resolveLocalTime(date, time, settings.zone);
  if (r.kind !== "gap") return new Date(r.instant);
  return DateTime.fromObject({ ...date, ...time }, { zone: zoneOf(settings.zone) }).toJSDate();
}

/** True when the whole interval sits inside one opening window of its local day. */
export function withinOpeningHours(settings: ClinicSettings, date: LocalDate, slot: Interval): boolean {
  return openingIntervals(settings, date).some(
    (w) => w.start.getTime() <= slot.start.getTime() && slot.end.getTime() <= w.end.getTime(),
  );
}

/**
 * The day's hours in the clinic's voice: "On Thursday 3 December we're open 9am to 5:30pm." or,
 * on a closed day, "We're closed on Sunday 6 December; we're next open on Monday 7 December at 9am."
 */
export function describeOpeningHours(settings: ClinicSettings, date: LocalDate, voice: Voice): string {
  const day = speakDayOf(DateTime.fromISO(formatLocalDate(date), { zone: zoneOf(settings.zone) }), voice);
  const windows = settings.openingHours[weekdayOf(date)];
  if (windows.length === 0) return speakClosedDay(day, nextOpening(settings, date), voice);
  return speakOpenDay(day, windows, voice);
}

/** When the clinic next opens after `date` (within a week), in its zone; `null` if it never does. */
export function nextOpening(settings: ClinicSettings, date: LocalDate): DateTime | null {
  const base = DateTime.fromObject(date, { zone: "UTC" });
  for (let i = 1; i <= 7; i++) {
    const d = base.plus({ days: i });
    const [first] = openingIntervals(settings, { year: d.year, month: d.month, day: d.day });
    if (first !== undefined) return DateTime.fromJSDate(first.start, { zone: zoneOf(settings.zone) });
  }
  return null;
}
