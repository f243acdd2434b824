/**
 * @module availability/staffed-slots
 * Free slots of one service across the practitioners who may take it: a slot is free when at
 * least one of them works its whole interval (their hours) and has nothing overlapping its
 * blocking interval (buffers before and after included). Each slot names who is free then.
 */
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { type Interval, openingIntervals, withinOpeningHours } from "../clinic/opening-hours.ts";
import { hoursOf, type Practitioner } from "../clinic/practitioner.ts";
import type { SlotSuggestion } from "../errors/domain-error.ts";
import { dateOrder, inZone, type LocalDate, nextLocalDate, toLocalDate } from "../values/clinic-time.ts";
import { speakList } from "../values/spoken-list.ts";
import { type BusyTimeline, busyTimeline } from "./busy-timeline.ts";
import { blocking, candidateSlots, horizonEndMillis, meetsNotice, type Slot, suggester } from "./slots.ts";

/** Busy intervals per practitioner id. */
export type BusyByPractitioner = Readonly<Record<string, readonly Interval[]>>;

export interface StaffedQuery {
  /** The clinic's settings as they apply to the service (`settingsFor`). */
  readonly settings: ClinicSettings;
  readonly bufferBeforeMinutes: number;
  /** Who may take the slot (those offering the service, or the one asked for), in the service's order. */
  readonly practitioners: readonly Practitioner[];
  readonly now: Date;
  readonly durationMinutes: number;
  readonly busy: BusyByPractitioner;
}

export interface StaffedSlot extends Slot {
  /** Who is free for the whole slot, in the query's order (never empty). */
  readonly free: readonly Practitioner[];
}

/** True when the practitioner works the whole of `slot` (its local day is `date`). */
export function worksThrough(settings: ClinicSettings, p: Practitioner, date: LocalDate, slot: Interval): boolean {
  return withinOpeningHours({ ...settings, openingHours: hoursOf(settings, p) }, date, slot);
}

/** Each practitioner's working windows on `date`, as instants (worked out once per day, not per slot). */
function workingWindows(q: StaffedQuery, date: LocalDate): ReadonlyMap<string, Interval[]> {
  return new Map(
    q.practitioners.map((p) => [p.id, openingIntervals({ ...q.settings, openingHours: hoursOf(q.settings, p) }, date)]),
  );
}

const inside = (windows: readonly Interval[], slot: Interval) =>
  windows.some((w) => w.start.getTime() <= slot.start.getTime() && slot.end.getTime() <= w.end.getTime());

/** Each practitioner's busy time, ready to ask per slot (built once per query). */
function timelines(q: StaffedQuery): ReadonlyMap<string, BusyTimeline> {
  return new Map(q.practitioners.map((p) => [p.id, busyTimeline(q.busy[p.id] ?? [])]));
}

/** Those of the query's practitioners who work the whole slot and are free for it. */
export function freePractitioners(
  q: StaffedQuery,
  date: LocalDate,
  slot: Slot,
  windows: ReadonlyMap<string, Interval[]> = workingWindows(q, date),
  busy: ReadonlyMap<string, BusyTimeline> = timelines(q),
): Practitioner[] {
  const blocks = blocking(slot);
  return q.practitioners.filter((p) => inside(windows.get(p.id) ?? [], slot) && !busy.get(p.id)?.overlaps(blocks));
}

/** Free slots (someone free, notice and horizon met) on each local date from `from` to `to`, in time order. */
export function staffedFreeSlots(q: StaffedQuery, from: LocalDate, to: LocalDate): StaffedSlot[] {
  const out: StaffedSlot[] = [];
  const horizon = horizonEndMillis(q.settings, q.now);
  const busy = timelines(q);
  for (let date = from; dateOrder(date) <= dateOrder(to); date = nextLocalDate(date)) {
    const windows = workingWindows(q, date);
    for (const slot of candidateSlots(q.settings, date, q.durationMinutes, q.bufferBeforeMinutes)) {
      if (!meetsNotice(q.settings, q.now, slot) || slot.start.getTime() > horizon) continue;
      const free = freePractitioners(q, date, slot, windows, busy);
      if (free.length > 0) out.push({ ...slot, free });
    }
  }
  return out;
}

/** Up to `count` free slots nearest to `target` (earlier first on a tie), searching `days` either side. */
export function nearestStaffedSlots(q: StaffedQuery, target: Date, count = 3, days = 3): StaffedSlot[] {
  const day = inZone(target, q.settings.zone);
  const distance = (s: Slot) => Math.abs(s.start.getTime() - target.getTime());
  return staffedFreeSlots(q, toLocalDate(day.minus({ days })), toLocalDate(day.plus({ days })))
    .sort((a, b) => distance(a) - distance(b) || a.start.getTime() - b.start.getTime())
    .slice(0, count)
    .sort((a, b) => a.start.getTime() - b.start.getTime());
}

/**
 * A slot as offered: with who is free then, said ("… with Dr Patel or Sam") when `sayWho` (the
 * caller has more than one practitioner to choose from).
 */
export function suggestStaffed(
  settings: ClinicSettings,
  slot: StaffedSlot,
  sayWho: boolean,
  now: Date,
): SlotSuggestion {
  return staffedSuggester(settings, sayWho, now)(slot);
}

/** `suggestStaffed` for many slots at one `now` (see `suggester`). */
export function staffedSuggester(
  settings: ClinicSettings,
  sayWho: boolean,
  now: Date,
): (slot: StaffedSlot) => SlotSuggestion {
  const say = suggester(settings, now);
  return (slot) => {
    const base = say(slot);
    const names = slot.free.map((p) => p.name);
    return sayWho
      ? { ...base, spoken: `${base.spoken} with ${speakList(names, "or")}`, practitioners: names }
      : { ...base, practitioners: names };
  };
}
