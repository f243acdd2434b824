/**
 * @module use-cases/next-steps
 * Where an answer with nothing to book leads: days asked in the past or past the horizon are
 * refused with today's date and the next free times, or the last bookable date; for days with no
 * free time (closed, or full), the nearest days that have some and their first free times; and
 * the sentence that lists free times, each day once and spread over the days asked.
 */
import { DateTime } from "luxon";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { lastBookableDate } from "../availability/slots.ts";
import { staffedFreeSlots, staffedSuggester } from "../availability/staffed-slots.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { describeOpeningHours, weekdayOf } from "../clinic/opening-hours.ts";
import { type DomainError, DomainErrors, type SlotSuggestion } from "../errors/domain-error.ts";
import { speakLocalDate, speakToday } from "../speech/clinic.ts";
import { type Voice, voiceOf } from "../speech/locale.ts";
import { offerSentence } from "../speech/offers.ts";
import { HANDFUL, itemAt, speakSlotGroups, spreadOverDays } from "../speech/slot-list.ts";
import { formatLocalDate, inZone, type LocalDate, toLocalDate } from "../values/clinic-time.ts";
import { zoneOf } from "../values/zone-offsets.ts";
import { type BusyError, loadBusy, refusalAlternatives, staffedQuery } from "./busy.ts";
import type { BookingDeps } from "./deps.ts";
import type { SlotRefusal } from "./requested-slot.ts";
import type { ServiceScope } from "./service-scope.ts";

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
  scope: ServiceScope,
  now: Date,
  span: DaySpan,
): ResultAsync<SlotSuggestion[], BusyError> {
  const settings = scope.rules;
  const first = DateTime.fromObject(span.from, { zone: zoneOf(settings.zone) }).minus({ days: SEARCH_DAYS });
  const last = DateTime.fromObject(span.to, { zone: zoneOf(settings.zone) }).plus({ days: SEARCH_DAYS });
  const window = { start: first.startOf("day").toJSDate(), end: last.endOf("day").toJSDate() };
  return loadBusy(deps, scope, window).map(({ busy }) => {
    const q = staffedQuery(scope, now, span.durationMinutes, busy);
    const asked = (d: string) => d >= formatLocalDate(span.from) && d <= formatLocalDate(span.to);
    const byDay = new Map<string, SlotSuggestion[]>();
    const suggest = staffedSuggester(settings, scope.sayWho, now);
    for (const slot of staffedFreeSlots(q, toLocalDate(first), toLocalDate(last))) {
      const s = suggest(slot);
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

/**
 * "On Thursday 3 December: 9, 9:30 and 11am; on Friday 4 December: 2 and 3pm." (each time "with
 * Dr Patel or Sam" when `sayWho`) and, when more are free, that there are more.
 */
export function sayFreeTimes(slots: readonly SlotSuggestion[], voice: Voice, sayWho = false): string {
  const said = spreadSuggestions(slots, voice, HANDFUL);
  const more = slots.length > said.length ? " There are more times if none of those suit." : "";
  return `${speakSlotGroups(
    said.map((s) => itemAt(s.startsAt, voice, sayWho ? s.practitioners : undefined)),
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

/**
 * The days asked, cut to those a caller may book: days before today are refused with today's date
 * and the next free times (`SLOT_IN_PAST`), days past the horizon with the last bookable date.
 */
export function bookableDays(
  deps: BookingDeps,
  scope: ServiceScope,
  now: Date,
  asked: DaySpan,
): ResultAsync<DaySpan, DomainError> {
  const settings = scope.rules;
  const today = formatLocalDate(inZone(now, settings.zone));
  const lastDate = lastBookableDate(settings, now);
  if (formatLocalDate(asked.to) < today) {
    const error: SlotRefusal["error"] = (alts, voice) =>
      DomainErrors.slotInPast(speakToday(settings, now), alts, voice);
    const refusal: SlotRefusal = { near: null, nextFrom: now, durationMinutes: asked.durationMinutes, error };
    return refusalAlternatives(deps, scope, now, refusal).andThen((alts) =>
      errAsync(error(alts, voiceOf(settings, now))),
    );
  }
  if (formatLocalDate(asked.from) > formatLocalDate(lastDate)) {
    return errAsync(DomainErrors.beyondBookingHorizon(speakLocalDate(settings, now, lastDate)));
  }
  const from = formatLocalDate(asked.from) < today ? toLocalDate(inZone(now, settings.zone)) : asked.from;
  const to = formatLocalDate(asked.to) > formatLocalDate(lastDate) ? lastDate : asked.to;
  return okAsync({ from, to, durationMinutes: asked.durationMinutes });
}

/** "We're closed on Sunday 6 December; we're next open …" or "There's nothing free on Thursday 3 December." */
export function nothingFree(settings: ClinicSettings, now: Date, from: LocalDate, to: LocalDate): string {
  const single = formatLocalDate(from) === formatLocalDate(to);
  const closed = single && settings.openingHours[weekdayOf(from)].length === 0;
  if (closed) return describeOpeningHours(settings, from, voiceOf(settings, now));
  const where = single
    ? `on ${speakLocalDate(settings, now, from)}`
    : `from ${speakLocalDate(settings, now, from)} to ${speakLocalDate(settings, now, to)}`;
  return `There's nothing free ${where}.`;
}
