/**
 * @module availability/slots
 * Free slots from opening hours, slot length, buffer, minimum notice and booking horizon.
 * Every interval here is a blocking interval `[start, end + buffer)`: two appointments conflict
 * when their blocking intervals overlap, which keeps `buffer` minutes between them.
 */
import { DateTime } from "luxon";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { type Interval, openingIntervals, overlaps } from "../clinic/opening-hours.ts";
import type { SlotSuggestion } from "../errors/domain-error.ts";
import { clockPartsOf, speakDayOf, whenSpeaker } from "../speech/dates.ts";
import { voiceOf } from "../speech/locale.ts";
import { formatLocalDate, inZone, type LocalDate, localDateAt, toLocalDate } from "../values/clinic-time.ts";
import { remembered } from "../values/remembered.ts";
import { isoOf, wallClock } from "../values/wall-clock.ts";
import { ianaOffsets } from "../values/zone-offsets.ts";

const MINUTE = 60_000;

export interface Slot extends Interval {
  /** `start - buffer before` (the service's): where the slot's blocking starts. */
  readonly blocksFrom: Date;
  /** `end + buffer`: what the slot blocks. */
  readonly blocksUntil: Date;
}

export function slotAt(settings: ClinicSettings, start: Date, durationMinutes: number, bufferBeforeMinutes = 0): Slot {
  const end = new Date(start.getTime() + durationMinutes * MINUTE);
  return {
    start,
    end,
    blocksFrom: new Date(start.getTime() - bufferBeforeMinutes * MINUTE),
    blocksUntil: new Date(end.getTime() + settings.bufferMinutes * MINUTE),
  };
}

/** Adds the clinic's buffer after a busy interval that came without one (external calendar). */
export function withBuffer(settings: ClinicSettings, busy: Interval): Interval {
  return { start: busy.start, end: new Date(busy.end.getTime() + settings.bufferMinutes * MINUTE) };
}

export function blocking(slot: Slot): Interval {
  return { start: slot.blocksFrom, end: slot.blocksUntil };
}

/** Horizon ends by horizon, zone and local date of `now` (1,000 before starting again). */
const horizonEnds = remembered<DateTime>(1_000);

/**
 * The end of the last local day a caller may book on. Every check of a tool call asks, and the
 * answer changes once a local day: remembered by the day. Computed from the day's noon, so that
 * it is the same whatever time of the day asked first.
 */
function horizonEnd(settings: ClinicSettings, now: Date): DateTime {
  const today = formatLocalDate(localDateAt(now, settings.zone));
  return horizonEnds(`${settings.horizonDays}:${today}:${settings.zone}`, () => {
    const noon = inZone(now, settings.zone).set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
    return noon.plus({ days: settings.horizonDays }).endOf("day");
  });
}

/** The last local date a caller may book on. */
export function lastBookableDate(settings: ClinicSettings, now: Date): LocalDate {
  return toLocalDate(horizonEnd(settings, now));
}

export function meetsNotice(settings: ClinicSettings, now: Date, slot: Interval): boolean {
  return slot.start.getTime() >= now.getTime() + settings.minNoticeMinutes * MINUTE;
}

export function withinHorizon(settings: ClinicSettings, now: Date, slot: Interval): boolean {
  return slot.start.getTime() <= horizonEndMillis(settings, now);
}

/** The last instant a slot may start at (the end of the horizon's last local day), in milliseconds. */
export function horizonEndMillis(settings: ClinicSettings, now: Date): number {
  return horizonEnd(settings, now).toMillis();
}

export function isFree(slot: Slot, busy: readonly Interval[]): boolean {
  const b = blocking(slot);
  return !busy.some((x) => overlaps(b, x));
}

/** Slot starts on the clinic's grid (every `slotMinutes` from each opening) that fit the day's windows. */
export function candidateSlots(
  settings: ClinicSettings,
  date: LocalDate,
  durationMinutes: number,
  bufferBeforeMinutes = 0,
): Slot[] {
  const slots: Slot[] = [];
  for (const w of openingIntervals(settings, date)) {
    for (
      let t = w.start.getTime();
      t + durationMinutes * MINUTE <= w.end.getTime();
      t += settings.slotMinutes * MINUTE
    ) {
      slots.push(slotAt(settings, new Date(t), durationMinutes, bufferBeforeMinutes));
    }
  }
  return slots;
}

export interface FreeSlotQuery {
  readonly settings: ClinicSettings;
  readonly now: Date;
  readonly durationMinutes: number;
  readonly busy: readonly Interval[];
}

/** Free, bookable slots on each local date from `from` to `to` inclusive, in time order. */
export function freeSlots(q: FreeSlotQuery, from: LocalDate, to: LocalDate): Slot[] {
  const out: Slot[] = [];
  const end = DateTime.fromObject(to, { zone: "UTC" });
  for (let d = DateTime.fromObject(from, { zone: "UTC" }); d <= end; d = d.plus({ days: 1 })) {
    out.push(...candidateSlots(q.settings, toLocalDate(d), q.durationMinutes).filter((s) => bookable(q, s)));
  }
  return out;
}

export function bookable(q: FreeSlotQuery, slot: Slot): boolean {
  return meetsNotice(q.settings, q.now, slot) && withinHorizon(q.settings, q.now, slot) && isFree(slot, q.busy);
}

/** Up to `count` free slots nearest to `target` (earlier first on a tie), searching `days` either side. */
export function nearestFreeSlots(q: FreeSlotQuery, target: Date, count = 3, days = 3): Slot[] {
  const day = inZone(target, q.settings.zone);
  const from = toLocalDate(day.minus({ days }));
  const to = toLocalDate(day.plus({ days }));
  const distance = (s: Slot) => Math.abs(s.start.getTime() - target.getTime());
  return freeSlots(q, from, to)
    .sort((a, b) => distance(a) - distance(b) || a.start.getTime() - b.start.getTime())
    .slice(0, count)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** A free slot as offered to the caller, said in the clinic's voice at `now`. */
export function suggest(settings: ClinicSettings, slot: Interval, now: Date): SlotSuggestion {
  return suggester(settings, now)(slot);
}

/**
 * `suggest` for many slots at one `now`: each local day's words are worked out once, and in an
 * IANA zone the times and ISO texts by arithmetic (`wall-clock`), not a luxon DateTime per slot.
 */
export function suggester(settings: ClinicSettings, now: Date): (slot: Interval) => SlotSuggestion {
  const voice = voiceOf(settings, now);
  const say = whenSpeaker(voice);
  const offsets = ianaOffsets(settings.zone);
  const days = new Map<number, string>();
  const slow = (slot: Interval): SlotSuggestion => {
    const start = inZone(slot.start, settings.zone);
    return { startsAt: start.toISO() ?? "", endsAt: inZone(slot.end, settings.zone).toISO() ?? "", spoken: say(start) };
  };
  return (slot) => {
    const start = offsets && wallClock(offsets, slot.start.getTime());
    const end = offsets && wallClock(offsets, slot.end.getTime());
    if (!start || !end) return slow(slot);
    const key = start.year * 10_000 + start.month * 100 + start.day;
    let day = days.get(key);
    if (day === undefined) {
      day = speakDayOf(inZone(slot.start, settings.zone), voice);
      days.set(key, day);
    }
    const { digits, meridiem } = clockPartsOf(start.hour, start.minute, voice);
    return { startsAt: isoOf(start), endsAt: isoOf(end), spoken: `${day} at ${digits}${meridiem}` };
  };
}
