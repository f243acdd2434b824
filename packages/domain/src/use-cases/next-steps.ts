/**
 * @module use-cases/next-steps
 * Where an answer with nothing to book leads: for days with no free time (closed, or full), the
 * nearest days that have some and their first free times; and the sentence that lists free times,
 * each day once and spread over the days asked.
 */
import { DateTime } from "luxon";
import type { ResultAsync } from "neverthrow";
import { type FreeSlotQuery, freeSlots, suggest } from "../availability/slots.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { SlotSuggestion, StoreUnavailable } from "../errors/domain-error.ts";
import { type Voice, voiceOf } from "../speech/locale.ts";
import { offerSentence } from "../speech/offers.ts";
import { HANDFUL, itemAt, speakSlotGroups, spreadOverDays } from "../speech/slot-list.ts";
import { formatLocalDate, type LocalDate, toLocalDate } from "../values/clinic-time.ts";
import { loadBusy } from "./busy.ts";
import type { BookingDeps } from "./deps.ts";

/** How far either side of the days asked the nearest free days are looked for. */
const SEARCH_DAYS = 7;
const NEAR_DAYS = 2;
const FIRST_TIMES = 3;

export interface DaySpan {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly durationMinutes: number;
}

/**
 * The first free times of the (up to two) nearest days outside `span` that have any, within a
 * week either side: what an answer with nothing free offers instead.
 */
export function nearestFreeDays(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  span: DaySpan,
): ResultAsync<SlotSuggestion[], StoreUnavailable> {
  const first = DateTime.fromObject(span.from, { zone: settings.zone }).minus({ days: SEARCH_DAYS });
  const last = DateTime.fromObject(span.to, { zone: settings.zone }).plus({ days: SEARCH_DAYS });
  const window = { start: first.startOf("day").toJSDate(), end: last.endOf("day").toJSDate() };
  return loadBusy(deps, settings, window).map(({ busy }) => {
    const q: FreeSlotQuery = { settings, now, durationMinutes: span.durationMinutes, busy };
    const asked = (d: string) => d >= formatLocalDate(span.from) && d <= formatLocalDate(span.to);
    const byDay = new Map<string, SlotSuggestion[]>();
    for (const slot of freeSlots(q, toLocalDate(first), toLocalDate(last))) {
      const s = suggest(settings, slot, now);
      const day = s.startsAt.slice(0, 10);
      if (!asked(day)) byDay.set(day, [...(byDay.get(day) ?? []), s]);
    }
    const distance = (d: string) => dayDistance(d, span);
    const days = [...byDay.keys()].sort((a, b) => distance(a) - distance(b) || a.localeCompare(b)).slice(0, NEAR_DAYS);
    return days.sort().flatMap((d) => (byDay.get(d) ?? []).slice(0, FIRST_TIMES));
  });
}

function dayDistance(day: string, span: DaySpan): number {
  const at = DateTime.fromISO(day, { zone: "UTC" });
  const before = DateTime.fromObject(span.from, { zone: "UTC" }).diff(at, "days").days;
  const after = at.diff(DateTime.fromObject(span.to, { zone: "UTC" }), "days").days;
  return Math.max(before, after);
}

/** "On Thursday 3 December: 9, 9:30 and 11am; on Friday 4 December: 2 and 3pm." and, when more are free, that there are more. */
export function sayFreeTimes(slots: readonly SlotSuggestion[], voice: Voice): string {
  const said = spreadSuggestions(slots, voice, HANDFUL);
  const more = slots.length > said.length ? " There are more times if none of those suit." : "";
  return `${speakSlotGroups(
    said.map((s) => itemAt(s.startsAt, voice)),
    voice,
  )}.${more}`;
}

/** Up to `max` of the slots, spread over their days (the first of each day, then the second, …). */
export function spreadSuggestions(slots: readonly SlotSuggestion[], voice: Voice, max: number): SlotSuggestion[] {
  const items = slots.map((s) => ({ ...itemAt(s.startsAt, voice), suggestion: s }));
  return spreadOverDays(items, voice, max).map((i) => i.suggestion);
}

/** The offer after "nothing is free": the nearest free days, or a question when there are none. */
export function sayNearestDays(settings: ClinicSettings, now: Date, nearest: readonly SlotSuggestion[]): string {
  return offerSentence(nearest, voiceOf(settings, now), " Would another week suit you?");
}
