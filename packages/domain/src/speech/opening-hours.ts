/**
 * @module speech/opening-hours
 * Opening hours as a caller hears them: "9am to 5:30pm" (never "09:00 to 17:30"), a day's hours
 * in a sentence, a closed day with when the clinic opens next, and a week's hours with runs of
 * days that keep the same hours said once ("Monday to Friday: 9am to 5:30pm").
 */
import { DateTime } from "luxon";
import type { OpeningHours, OpeningWindow, Weekday } from "../clinic/clinic-settings.ts";
import { speakClock, speakWhen } from "./dates.ts";
import { andList } from "./lists.ts";
import type { Voice } from "./locale.ts";

const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** "9am" from "09:00" (en-US "9 AM"). */
export function speakWallClock(hhmm: string, voice: Voice): string {
  const [hour, minute] = hhmm.split(":").map(Number);
  const at = DateTime.fromObject(
    { year: 2000, month: 1, day: 3, hour: hour ?? 0, minute: minute ?? 0 },
    { zone: voice.zone },
  );
  return speakClock(at, voice);
}

/** "9am to 5:30pm"; several windows joined: "8am to 12pm and 1pm to 5pm". */
export function speakWindows(windows: readonly OpeningWindow[], voice: Voice): string {
  return andList(windows.map((w) => `${speakWallClock(w.open, voice)} to ${speakWallClock(w.close, voice)}`));
}

/** "On Thursday 3 December we're open 9am to 5:30pm." */
export function speakOpenDay(day: string, windows: readonly OpeningWindow[], voice: Voice): string {
  return `On ${day} we're open ${speakWindows(windows, voice)}.`;
}

/** "We're closed on Sunday 6 December; we're next open on Monday 7 December at 9am." */
export function speakClosedDay(day: string, nextOpening: DateTime | null, voice: Voice): string {
  if (nextOpening === null) return `We're closed on ${day}.`;
  return `We're closed on ${day}; we're next open on ${speakWhen(nextOpening, voice)}.`;
}

/**
 * The week's hours from `from` (today's weekday) on: "Sunday: closed; Monday to Friday: 9am to
 * 5:30pm; Saturday: closed".
 */
export function speakWeekHours(hours: OpeningHours, from: Weekday, voice: Voice): string {
  const days = Array.from({ length: 7 }, (_, i) => (((from - 1 + i) % 7) + 1) as Weekday);
  const said = days.map((d) => (hours[d].length === 0 ? "closed" : speakWindows(hours[d], voice)));
  const runs: { first: Weekday; last: Weekday; said: string }[] = [];
  days.forEach((d, i) => {
    const run = runs.at(-1);
    if (run !== undefined && run.said === said[i]) run.last = d;
    else runs.push({ first: d, last: d, said: said[i] ?? "closed" });
  });
  return runs.map((r) => `${runName(r.first, r.last)}: ${r.said}`).join("; ");
}

function runName(first: Weekday, last: Weekday): string {
  const name = (d: Weekday) => WEEKDAY_NAMES[d - 1] ?? "";
  if (first === last) return name(first);
  const next = ((first % 7) + 1) as Weekday;
  return next === last ? `${name(first)} and ${name(last)}` : `${name(first)} to ${name(last)}`;
}
