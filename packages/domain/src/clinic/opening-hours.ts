/**
 * @module clinic/opening-hours
 * Opening windows of a local day as instants, and the sentence that tells a caller when the
 * clinic is open.
 */
import { DateTime } from "luxon";
import { formatLocalDate, type LocalDate, resolveLocalTime, speakDay } from "../values/clinic-time.ts";
import { type ClinicSettings, minutesOfDay, type Weekday } from "./clinic-settings.ts";

export interface Interval {
  readonly start: Date;
  readonly end: Date;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

export function weekdayOf(date: LocalDate): Weekday {
  return DateTime.fromObject(date, { zone: "UTC" }).weekday as Weekday;
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
  if (r.kind !== "gap") return r.at.toJSDate();
  return DateTime.fromObject({ ...date, ...time }, { zone: settings.zone }).toJSDate();
}

/** True when the whole interval sits inside one opening window of its local day. */
export function withinOpeningHours(settings: ClinicSettings, date: LocalDate, slot: Interval): boolean {
  return openingIntervals(settings, date).some(
    (w) => w.start.getTime() <= slot.start.getTime() && slot.end.getTime() <= w.end.getTime(),
  );
}

/** "On Saturday 5 December the clinic is closed." / "On Thursday 3 December we're open 9:00 to 17:30." */
export function describeOpeningHours(settings: ClinicSettings, date: LocalDate): string {
  const day = speakDay(DateTime.fromISO(formatLocalDate(date), { zone: settings.zone }));
  const windows = settings.openingHours[weekdayOf(date)];
  if (windows.length === 0) return `On ${day} the clinic is closed.`;
  return `On ${day} we're open ${windows.map((w) => `${w.open} to ${w.close}`).join(" and ")}.`;
}
