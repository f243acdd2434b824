/**
 * @module use-cases/busy
 * Busy time of a calendar: our live appointments, plus the external calendar's free/busy when
 * one is linked. The external calendar is advisory: when it cannot answer, availability is
 * computed from our appointments alone and says so (`calendarChecked: false`). Also where a
 * `SlotRefusal` is completed with the nearest free slots.
 */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { type FreeSlotQuery, nearestFreeSlots, suggest, withBuffer } from "../availability/slots.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { Interval } from "../clinic/opening-hours.ts";
import type { DomainError, SlotSuggestion, StoreUnavailable } from "../errors/domain-error.ts";
import { voiceOf } from "../speech/locale.ts";
import { type BookingDeps, DEFAULT_CALENDAR_BUDGET_MS } from "./deps.ts";
import type { SlotRefusal } from "./requested-slot.ts";

export interface Busy {
  readonly busy: Interval[];
  readonly calendarChecked: boolean;
}

export interface Alternatives {
  readonly alternatives: SlotSuggestion[];
  readonly calendarChecked: boolean;
}

/**
 * Busy time inside `window`. `exclude` is an appointment's own interval (start to `blocksUntil`),
 * left out so that moving an appointment never collides with itself.
 */
export function loadBusy(
  deps: BookingDeps,
  settings: ClinicSettings,
  window: Interval,
  exclude: Interval | null = null,
): ResultAsync<Busy, StoreUnavailable> {
  const isExcluded = (a: Interval) =>
    exclude !== null && a.start.getTime() === exclude.start.getTime() && a.end.getTime() === exclude.end.getTime();
  const external = externalBusy(deps, settings, window);
  const internal = deps.store.busyIntervals(settings.orgId, settings.calendarId, window);
  return ResultAsync.combine([internal, external] as const).map(([ours, theirs]) => ({
    busy: [...ours.filter((x) => !isExcluded(x)), ...theirs.busy],
    calendarChecked: theirs.calendarChecked,
  }));
}

/** The external calendar's busy time, buffered like ours; never an error, only "not checked". */
function externalBusy(deps: BookingDeps, settings: ClinicSettings, window: Interval): ResultAsync<Busy, never> {
  const unchecked = (): ResultAsync<Busy, never> => okAsync({ busy: [], calendarChecked: false });
  if (deps.calendar === undefined) return unchecked();
  const options = { budgetMs: deps.calendarBudgetMs ?? DEFAULT_CALENDAR_BUDGET_MS };
  return deps.calendar
    .busyTimes(settings.orgId, settings.calendarId, window, options)
    .map((xs): Busy => ({ busy: xs.map((x) => withBuffer(settings, x)), calendarChecked: true }))
    .orElse(unchecked);
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
): ResultAsync<Alternatives, StoreUnavailable> {
  // Busy time is loaded a day wider than the search, so the edge days are whole in any zone.
  const window = { start: new Date(near.getTime() - 4 * DAY), end: new Date(near.getTime() + 4 * DAY) };
  return loadBusy(deps, settings, window, exclude).map(({ busy, calendarChecked }) => {
    const q: FreeSlotQuery = { settings, now, durationMinutes, busy };
    return { alternatives: nearestFreeSlots(q, near).map((s) => suggest(settings, s, now)), calendarChecked };
  });
}

/**
 * Fails with the refusal's error, completed with the nearest free slots where it names a time.
 * Best effort: if the alternatives cannot be loaded, the reason is still said, without them.
 */
export function refuseWithAlternatives(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  refusal: SlotRefusal,
  exclude: Interval | null = null,
): ResultAsync<never, DomainError> {
  return refusalAlternatives(deps, settings, now, refusal, exclude).andThen((alts) =>
    errAsync(refusal.error(alts, voiceOf(settings, now))),
  );
}

/** The free slots a refusal offers: around `near`, else the next from `nextFrom`; none when it cannot tell. */
export function refusalAlternatives(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  refusal: SlotRefusal,
  exclude: Interval | null = null,
): ResultAsync<SlotSuggestion[], never> {
  const none = () => okAsync<SlotSuggestion[], never>([]);
  const around = refusal.near ?? refusal.nextFrom ?? null;
  if (around === null) return none();
  return alternativesNear(deps, settings, now, around, refusal.durationMinutes, exclude)
    .map((r) => r.alternatives)
    .orElse(none);
}
