/**
 * @module speech/slot-list
 * Free times said the way a receptionist would: each day once, its times grouped, the meridiem
 * said once per run ("On Thursday 3 December: 9, 9:30 and 11am; on Friday 4 December: 2 and
 * 3pm"), and at most a handful of options, spread over the days asked. An item may carry who it
 * is with ("9am with Dr Patel") and a list may name its service ("For a consultation, …").
 */
import { DateTime } from "luxon";
import { zoneOf } from "../values/zone-offsets.ts";
import { clockParts, speakDayOf } from "./dates.ts";
import { andList } from "./lists.ts";
import type { Voice } from "./locale.ts";

/** One free time to say: its start, and who it is with when the clinic has several practitioners. */
export interface SpokenSlotItem {
  readonly start: DateTime;
  readonly with?: readonly string[] | undefined;
}

/** At most this many times in one answer. */
export const HANDFUL = 6;

/** The local day key of an item, in the voice's zone. */
const dayKey = (item: SpokenSlotItem, voice: Voice) => item.start.setZone(zoneOf(voice.zone)).toISODate() ?? "";

/**
 * Up to `max` items spread over the days they fall on: the first of each day, then the second of
 * each, and so on, said back in time order.
 */
export function spreadOverDays<T extends SpokenSlotItem>(items: readonly T[], voice: Voice, max = HANDFUL): T[] {
  const days = groupByDay(items, voice);
  const picked: T[] = [];
  for (let round = 0; picked.length < max && days.some((d) => d.length > round); round++) {
    for (const day of days) {
      const item = day[round];
      if (item !== undefined && picked.length < max) picked.push(item);
    }
  }
  return picked.sort((a, b) => a.start.toMillis() - b.start.toMillis());
}

function groupByDay<T extends SpokenSlotItem>(items: readonly T[], voice: Voice): T[][] {
  const byDay = new Map<string, T[]>();
  const sorted = [...items].sort((a, b) => a.start.toMillis() - b.start.toMillis());
  for (const item of sorted) {
    const key = dayKey(item, voice);
    const day = byDay.get(key);
    if (day === undefined) byDay.set(key, [item]);
    else day.push(item);
  }
  return [...byDay.values()];
}

/** The names every item is with, when they are all the same (and there are some); else `null`. */
function sharedNames(items: readonly SpokenSlotItem[]): readonly string[] | null {
  const key = (i: SpokenSlotItem) => (i.with ?? []).join("\u0000");
  const first = items[0];
  if (first === undefined || (first.with ?? []).length === 0) return null;
  return items.every((i) => key(i) === key(first)) ? (first.with ?? []) : null;
}

const withNames = (names: readonly string[]) => ` with ${andList(names).replace(/ and ([^,]*)$/, " or $1")}`;

/**
 * "9, 9:30 and 11am" / "9am with Dr Patel and 2pm with Dr Shah or Dr Lee"; when every time is
 * with the same people, they are said once: "9 and 9:30am with Dr Patel or Sam".
 */
export function speakTimesOfDay(items: readonly SpokenSlotItem[], voice: Voice): string {
  const shared = sharedNames(items);
  if (shared !== null)
    return `${speakTimesOfDay(
      items.map(({ start }) => ({ start })),
      voice,
    )}${withNames(shared)}`;
  const seen = new Set<string>();
  const parts = items.map((item) => {
    const clock = clockParts(item.start, voice);
    const again = seen.has(`${clock.digits}${clock.meridiem}`);
    seen.add(`${clock.digits}${clock.meridiem}`);
    return { ...clock, again, with: item.with ?? [] };
  });
  const said = parts.map((p, i) => {
    const next = parts[i + 1];
    // The night the clocks go back, an hour comes twice: its second run is said whole, "again".
    const shares = next !== undefined && next.meridiem === p.meridiem && !p.again && !next.again && p.with.length === 0;
    const names = p.with.length === 0 ? "" : withNames(p.with);
    return `${p.digits}${shares ? "" : p.meridiem}${p.again ? " again" : ""}${names}`;
  });
  return andList(said);
}

/** "On Thursday 3 December: 9, 9:30 and 11am; on Friday 4 December: 2 and 3pm". Empty for no items. */
export function speakSlotGroups(items: readonly SpokenSlotItem[], voice: Voice, service?: string): string {
  // Every time with the same people (over several days): the names once, at the end.
  const shared = sharedNames(items);
  if (shared !== null && groupByDay(items, voice).length > 1) {
    const list = speakSlotGroups(
      items.map(({ start }) => ({ start })),
      voice,
      service,
    );
    return list === "" ? "" : `${list}, each${withNames(shared)}`;
  }
  const groups = groupByDay(items, voice).map((day) => {
    const first = day[0];
    return first === undefined ? "" : `on ${speakDayOf(first.start, voice)}: ${speakTimesOfDay(day, voice)}`;
  });
  const list = groups.filter((g) => g !== "").join("; ");
  if (list === "") return "";
  return service === undefined ? capitalise(list) : `For ${service}, ${list}`;
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** An ISO instant with its offset, as `SlotSuggestion.startsAt` holds it (what `Date.parse` reads exactly). */
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([+-]\d{2}:\d{2}|Z)$/;

/** A slot as an ISO instant (what `SlotSuggestion.startsAt` holds), read back in the voice's zone. */
export function itemAt(iso: string, voice: Voice, names?: readonly string[]): SpokenSlotItem {
  const zone = zoneOf(voice.zone);
  const start = WITH_OFFSET.test(iso)
    ? DateTime.fromMillis(Date.parse(iso), { zone })
    : DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  return names === undefined ? { start } : { start, with: names };
}
