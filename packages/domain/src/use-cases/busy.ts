/**
 * @module use-cases/busy
 * Busy time of a calendar: our live appointments, plus the external calendar's free/busy when
 * one is linked. The external calendar is advisory: when it cannot answer, availability is
 * computed from our appointments alone and says so (`calendarChecked: false`).
 */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { type FreeSlotQuery, nearestFreeSlots, suggest, withBuffer } from "../availability/slots.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { Interval } from "../clinic/opening-hours.ts";
import type { DomainError, SlotSuggestion, StoreUnavailable } from "../errors/domain-error.ts";
import { type BookingDeps, DEFAULT_CALENDAR_BUDGET_MS } from "./deps.ts";
import type { Refusal } from "./requested-slot.ts";

export interface Busy {
  readonly busy: Interval[];
  readonly calendarChecked: boolean;
}

export function loadBusy(
  deps: BookingDeps,
  settings: ClinicSettings,
  window: Interval,
  exclude: Interval | null = null,
): ResultAsync<Busy, StoreUnavailable> {
  const same = (a: Interval) =>
    exclude !== null && a.start.getTime() === exclude.start.getTime() && a.end.getTime() === exclude.end.getTime();
  const external = deps.calendar
    ? deps.calendar
        .busyTimes(settings.orgId, settings.calendarId, window, {
          budgetMs: deps.calendarBudgetMs ?? DEFAULT_CALENDAR_BUDGET_MS,
        })
        .map((xs) => ({ busy: xs.map((x) => withBuffer(settings, x)), calendarChecked: true }))
        .orElse(() => okAsync({ busy: [] as Interval[], calendarChecked: false }))
    : okAsync({ busy: [] as Interval[], calendarChecked: false });
  return ResultAsync.combine([
    deps.store.busyIntervals(settings.orgId, settings.calendarId, window),
    external,
  ] as const).map(([ours, theirs]) => ({
    busy: [...ours.filter((x) => !same(x)), ...theirs.busy],
    calendarChecked: theirs.calendarChecked,
  }));
}

const DAY = 86_400_000;

/** The nearest free slots around `near` (three days either side). */
export function alternativesNear(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  near: Date,
  durationMinutes: number,
  exclude: Interval | null = null,
): ResultAsync<{ alternatives: SlotSuggestion[]; calendarChecked: boolean }, StoreUnavailable> {
  const window = { start: new Date(near.getTime() - 4 * DAY), end: new Date(near.getTime() + 4 * DAY) };
  return loadBusy(deps, settings, window, exclude).map(({ busy, calendarChecked }) => {
    const q: FreeSlotQuery = { settings, now, durationMinutes, busy };
    return { alternatives: nearestFreeSlots(q, near).map((s) => suggest(settings, s)), calendarChecked };
  });
}

/** Completes a refusal with the nearest free slots where it names a time (best effort: the reason matters more). */
export function refuse(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  refusal: Refusal,
  exclude: Interval | null = null,
): ResultAsync<never, DomainError> {
  const alternatives =
    refusal.near === null
      ? okAsync<SlotSuggestion[], never>([])
      : alternativesNear(deps, settings, now, refusal.near, refusal.durationMinutes, exclude)
          .map((r) => r.alternatives)
          .orElse(() => okAsync<SlotSuggestion[], never>([]));
  return alternatives.andThen((alts) => errAsync(refusal.error(alts)));
}
