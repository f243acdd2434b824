/**
 * @module use-cases/busy
 * Busy time of the practitioners a question is about: our live appointments of each, plus the
 * external calendar's free/busy of their calendars (ONE gateway call for all of them). The
 * external calendar is advisory: when it cannot answer, availability is computed from our
 * appointments alone and says so (`calendarChecked: false`). A calendar shared by several active
 * practitioners (the clinic's, say) cannot tell which of them an event blocks (our own events are
 * in it too), so its free/busy is applied to none of them. Also where a `SlotRefusal` is
 * completed with the nearest free slots. Busy time the call already read (`deps.knownBusy`) is not
 * read again.
 */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import {
  type BusyByPractitioner,
  nearestStaffedSlots,
  type StaffedQuery,
  type StaffedSlot,
  staffedSuggester,
} from "../availability/staffed-slots.ts";
import { activePractitioners } from "../clinic/clinic.ts";
import type { Interval } from "../clinic/opening-hours.ts";
import { calendarOf, type Practitioner } from "../clinic/practitioner.ts";
import type { DomainError, SettingsStale, SlotSuggestion, StoreUnavailable } from "../errors/domain-error.ts";
import type { CalendarBusy } from "../ports/calendar-gateway.port.ts";
import { voiceOf } from "../speech/locale.ts";
import { type BookingDeps, DEFAULT_CALENDAR_BUDGET_MS } from "./deps.ts";
import { alternativesWindow, busyFromKnown } from "./known-busy.ts";
import type { SlotRefusal } from "./requested-slot.ts";
import type { ServiceScope } from "./service-scope.ts";

const MINUTE = 60_000;

/** Busy time could not be read, or the clinic changed since it was read (`withCurrentSettings` retries). */
export type BusyError = StoreUnavailable | SettingsStale;

export interface Busy {
  readonly busy: BusyByPractitioner;
  readonly calendarChecked: boolean;
}

export interface Alternatives {
  readonly alternatives: SlotSuggestion[];
  readonly slots: StaffedSlot[];
  readonly calendarChecked: boolean;
}

/** An appointment's own blocking interval, left out so that moving it never collides with itself. */
export interface OwnInterval {
  readonly practitionerId: string;
  readonly interval: Interval;
}

/** Busy time of the scope's practitioners inside `window`. */
export function loadBusy(
  deps: BookingDeps,
  scope: ServiceScope,
  window: Interval,
  exclude: OwnInterval | null = null,
): ResultAsync<Busy, BusyError> {
  const ids = scope.pool.map((p) => p.id);
  const known = busyFromKnown(deps.knownBusy, ids, window);
  const version = scope.clinic.settingsVersion ?? null;
  const internal = known === null ? deps.store.busyIntervals(scope.clinic.orgId, ids, window, version) : okAsync(known);
  const external = externalBusy(deps, scope, window);
  return ResultAsync.combine([internal, external] as const).map(([ours, theirs]) => {
    const busy: Record<string, readonly Interval[]> = {};
    for (const p of scope.pool) {
      const own = (ours[p.id] ?? []).filter((x) => !isExcluded(exclude, p.id, x));
      busy[p.id] = [...own, ...(theirs.busy[p.id] ?? [])];
    }
    return { busy, calendarChecked: theirs.calendarChecked };
  });
}

const isExcluded = (exclude: OwnInterval | null, practitionerId: string, x: Interval) =>
  exclude !== null &&
  exclude.practitionerId === practitionerId &&
  x.start.getTime() === exclude.interval.start.getTime() &&
  x.end.getTime() === exclude.interval.end.getTime();

/** The calendars whose free/busy speaks for one practitioner: those no other active practitioner shares. */
function ownCalendars(scope: ServiceScope): Map<string, Practitioner> {
  const users = new Map<string, number>();
  for (const p of activePractitioners(scope.clinic.staff)) {
    const c = calendarOf(scope.clinic, p);
    users.set(c, (users.get(c) ?? 0) + 1);
  }
  const own = new Map<string, Practitioner>();
  for (const p of scope.pool) {
    const c = calendarOf(scope.clinic, p);
    if ((users.get(c) ?? 0) <= 1) own.set(c, p);
  }
  return own;
}

/** The external calendars' busy time per practitioner, buffered like ours; never an error, only "not checked". */
function externalBusy(deps: BookingDeps, scope: ServiceScope, window: Interval): ResultAsync<Busy, never> {
  const unchecked = (): ResultAsync<Busy, never> => okAsync({ busy: {}, calendarChecked: false });
  if (deps.calendar === undefined) return unchecked();
  const own = ownCalendars(scope);
  if (own.size === 0) return okAsync({ busy: {}, calendarChecked: true });
  const options = { budgetMs: deps.calendarBudgetMs ?? DEFAULT_CALENDAR_BUDGET_MS };
  return deps.calendar
    .busyTimes(scope.clinic.orgId, [...own.keys()], window, options)
    .map((answer): Busy => ({ busy: perPractitioner(scope, own, answer), calendarChecked: true }))
    .orElse(unchecked);
}

function perPractitioner(
  scope: ServiceScope,
  own: Map<string, Practitioner>,
  answer: CalendarBusy,
): BusyByPractitioner {
  const before = scope.service.bufferBeforeMinutes * MINUTE;
  const after = scope.rules.bufferMinutes * MINUTE;
  const busy: Record<string, readonly Interval[]> = {};
  for (const [calendarId, p] of own) {
    busy[p.id] = (answer[calendarId] ?? []).map((x) => ({
      start: new Date(x.start.getTime() - before),
      end: new Date(x.end.getTime() + after),
    }));
  }
  return busy;
}

/** The query for the scope's free slots, given their busy time. */
export function staffedQuery(
  scope: ServiceScope,
  now: Date,
  durationMinutes: number,
  busy: BusyByPractitioner,
): StaffedQuery {
  return {
    settings: scope.rules,
    bufferBeforeMinutes: scope.service.bufferBeforeMinutes,
    practitioners: scope.pool,
    now,
    durationMinutes,
    busy,
  };
}

/** The nearest free slots around `near` (three days either side). */
export function alternativesNear(
  deps: BookingDeps,
  scope: ServiceScope,
  now: Date,
  near: Date,
  durationMinutes: number,
  exclude: OwnInterval | null = null,
): ResultAsync<Alternatives, BusyError> {
  return loadBusy(deps, scope, alternativesWindow(near), exclude).map(({ busy, calendarChecked }) => {
    const slots = nearestStaffedSlots(staffedQuery(scope, now, durationMinutes, busy), near);
    const alternatives = slots.map(staffedSuggester(scope.rules, scope.sayWho, now));
    return { alternatives, slots, calendarChecked };
  });
}

/**
 * Fails with the refusal's error, completed with the nearest free slots where it names a time.
 * Best effort: if the alternatives cannot be loaded, the reason is still said, without them.
 */
export function refuseWithAlternatives(
  deps: BookingDeps,
  scope: ServiceScope,
  now: Date,
  refusal: SlotRefusal,
  exclude: OwnInterval | null = null,
): ResultAsync<never, DomainError> {
  return refusalAlternatives(deps, scope, now, refusal, exclude).andThen((alts) =>
    errAsync(refusal.error(alts, voiceOf(scope.rules, now))),
  );
}

/**
 * The free slots a refusal offers: around `near`, else the next from `nextFrom`; none when it
 * cannot tell. Fails only when the clinic changed since (`SETTINGS_STALE`): the refusal itself
 * was judged with old rules, and the call is run again.
 */
export function refusalAlternatives(
  deps: BookingDeps,
  scope: ServiceScope,
  now: Date,
  refusal: SlotRefusal,
  exclude: OwnInterval | null = null,
): ResultAsync<SlotSuggestion[], SettingsStale> {
  const none = () => okAsync<SlotSuggestion[], SettingsStale>([]);
  const around = refusal.near ?? refusal.nextFrom ?? null;
  if (around === null) return none();
  return alternativesNear(deps, scope, now, around, refusal.durationMinutes, exclude)
    .map((r) => r.alternatives)
    .orElse((e) => (e.code === "SETTINGS_STALE" ? errAsync(e) : none()));
}
