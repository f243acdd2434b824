/**
 * @module speech/dates
 * Dates and times as the clinic's callers say them: en-GB/en-AU "Tuesday 1 December at 2:30pm",
 * en-US "Tuesday, December 1 at 2:30 PM"; the year only when it is not this year; the full date
 * (always with its year) for "today is …".
 */
import type { DateTime } from "luxon";
import { remembered } from "../values/remembered.ts";
import { local, monthFirst, type Voice } from "./locale.ts";

/** A clock time split so lists can share the meridiem: `{ digits: "2:30", meridiem: "pm" }`. */
export interface ClockParts {
  readonly digits: string;
  readonly meridiem: string;
}

export function clockParts(at: DateTime, voice: Voice): ClockParts {
  const t = local(at, voice);
  return clockPartsOf(t.hour, t.minute, voice);
}

/** `clockParts` of a wall time given as numbers. */
export function clockPartsOf(hour: number, minute: number, voice: Voice): ClockParts {
  if (minute === 0 && hour === 0) return { digits: "midnight", meridiem: "" };
  if (minute === 0 && hour === 12) return { digits: monthFirst(voice) ? "noon" : "midday", meridiem: "" };
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  const digits = minute === 0 ? `${twelve}` : `${twelve}:${String(minute).padStart(2, "0")}`;
  const pm = hour >= 12;
  return { digits, meridiem: monthFirst(voice) ? (pm ? " PM" : " AM") : pm ? "pm" : "am" };
}

/** "2:30pm", "9am", "midday", "midnight"; en-US "2:30 PM", "noon". */
export function speakClock(at: DateTime, voice: Voice): string {
  const { digits, meridiem } = clockParts(at, voice);
  return `${digits}${meridiem}`;
}

/** Days said, by locale, date and whether with the year (10,000 before starting again). */
const daysSaid = remembered<string>(10_000);

/**
 * "Thursday 3 December" (en-US "Thursday, December 3"), with the year when it is not this year.
 * The words depend only on the locale, the local date and whether the year is said, and luxon
 * takes tens of microseconds to format them: they are remembered.
 */
export function speakDayOf(at: DateTime, voice: Voice): string {
  const t = local(at, voice);
  const withYear = t.year !== voice.year;
  const key = `${voice.locale}:${withYear ? "y" : ""}:${t.year}-${t.month}-${t.day}`;
  return daysSaid(key, () => {
    if (monthFirst(voice)) return t.toFormat(withYear ? "cccc, LLLL d, yyyy" : "cccc, LLLL d");
    return t.toFormat(withYear ? "cccc d LLLL yyyy" : "cccc d LLLL");
  });
}

/** "Thursday 3 December at 2:30pm". */
export function speakWhen(at: DateTime, voice: Voice): string {
  return whenSpeaker(voice)(at);
}

/** `speakWhen` for many instants in one voice: each local day's words are worked out once. */
export function whenSpeaker(voice: Voice): (at: DateTime) => string {
  const days = new Map<string, string>();
  return (at) => {
    const t = local(at, voice);
    const key = `${t.year}-${t.month}-${t.day}`;
    let day = days.get(key);
    if (day === undefined) {
      day = speakDayOf(t, voice);
      days.set(key, day);
    }
    return `${day} at ${speakClock(t, voice)}`;
  };
}

/** "Sunday 22 November 2026" (en-US "Sunday, November 22, 2026"): always with the year. */
export function speakFullDate(at: DateTime, voice: Voice): string {
  const t = local(at, voice);
  return t.toFormat(monthFirst(voice) ? "cccc, LLLL d, yyyy" : "cccc d LLLL yyyy");
}

/** "Thursday" */
export function speakWeekday(at: DateTime, voice: Voice): string {
  return local(at, voice).toFormat("cccc");
}
