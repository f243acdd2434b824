/**
 * @module use-cases/check-availability
 * CheckAvailability: the free slots of a day (or a range of days), or whether one time is free
 * and, if not, the nearest free ones.
 */
import { DateTime } from "luxon";
import { err, errAsync, ok, okAsync, type Result, type ResultAsync, safeTry } from "neverthrow";
import { freeSlots, isFree, suggest } from "../availability/slots.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { type DomainError, DomainErrors, type SlotSuggestion } from "../errors/domain-error.ts";
import { voiceOf } from "../speech/locale.ts";
import { formatLocalDate, inZone, type LocalDate } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import { alternativesNear, loadBusy, refusalAlternatives } from "./busy.ts";
import type { BookingDeps } from "./deps.ts";
import {
  bookableDays,
  nearestFreeDays,
  nothingFree,
  sayFreeTimes,
  sayNearestDays,
  spreadSuggestions,
} from "./next-steps.ts";
import { readRequestedDate } from "./requested-date.ts";
import {
  type AcceptedSlot,
  judgeRequestedSlot,
  parseDuration,
  type SlotRefusal,
  type SlotRequest,
  slotTaken,
} from "./requested-slot.ts";

export interface CheckAvailabilityQuery {
  readonly orgId: OrgId;
  /** `YYYY-MM-DD`; the first day to look at (default: today in the clinic's zone). */
  readonly date?: string | undefined;
  /** `YYYY-MM-DD`; the last day (default: `date`). At most 14 days are searched. */
  readonly endDate?: string | undefined;
  /** A specific time to check on `date`. */
  readonly time?: string | undefined;
  readonly durationMinutes?: number | undefined;
}

export interface Availability {
  readonly zone: string;
  readonly durationMinutes: number;
  /** When a time was asked for: whether it can be booked. */
  readonly requestedAvailable: boolean | null;
  readonly slots: SlotSuggestion[];
  /** Up to 12 of `slots`, spread over the days asked: what the assistant is given to offer. */
  readonly offered: SlotSuggestion[];
  /** False when the external calendar could not be asked (our appointments were). */
  readonly calendarChecked: boolean;
  readonly message: string;
}

const MAX_DAYS = 14;
const OFFERED = 12;

/** The days to list, first and last included, and the length of slot to look for. */
interface DayRange {
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly durationMinutes: number;
}

export function checkAvailability(
  deps: BookingDeps,
  query: CheckAvailabilityQuery,
): ResultAsync<Availability, DomainError> {
  return safeTry(async function* () {
    const settings = yield* deps.clinics.getClinic(query.orgId);
    const now = yield* deps.clock.now();
    const { date, time, durationMinutes } = query;
    if (date !== undefined && time !== undefined) {
      return ok(yield* checkTime(deps, settings, now, { date, time, durationMinutes }));
    }
    const days = yield* dayRange(settings, now, query);
    return ok(yield* listDays(deps, settings, now, days));
  });
}

function dayRange(settings: ClinicSettings, now: Date, q: CheckAvailabilityQuery): Result<DayRange, DomainError> {
  const today = formatLocalDate(inZone(now, settings.zone));
  return safeTry(function* () {
    const first = yield* readRequestedDate(settings, now, q.date ?? today, "date");
    const second = yield* readRequestedDate(settings, now, q.endDate ?? q.date ?? today, "endDate");
    // "Friday to Monday" said the other way round is the same days.
    const [from, to] = formatLocalDate(second) < formatLocalDate(first) ? [second, first] : [first, second];
    const durationMinutes = yield* parseDuration(settings, q.durationMinutes);
    const span = DateTime.fromObject(to).diff(DateTime.fromObject(from), "days").days;
    if (span < 0 || span >= MAX_DAYS) {
      return err(
        DomainErrors.invalidInput("endDate", `I can look up to ${MAX_DAYS} days at a time. Which days suit you?`),
      );
    }
    return ok({ from, to, durationMinutes });
  });
}

function listDays(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  asked: DayRange,
): ResultAsync<Availability, DomainError> {
  return bookableDays(deps, settings, now, asked).andThen(({ from, to, durationMinutes }) => {
    const first = DateTime.fromObject(from, { zone: settings.zone });
    const last = DateTime.fromObject(to, { zone: settings.zone });
    const window = { start: first.startOf("day").toJSDate(), end: last.endOf("day").toJSDate() };
    return loadBusy(deps, settings, window).andThen(({ busy, calendarChecked }) => {
      const slots = freeSlots({ settings, now, durationMinutes, busy }, from, to).map((s) => suggest(settings, s, now));
      const voice = voiceOf(settings, now);
      const answer = (message: string): Availability => ({
        zone: settings.zone,
        durationMinutes,
        requestedAvailable: null,
        slots,
        offered: spreadSuggestions(slots, voice, OFFERED),
        calendarChecked,
        message,
      });
      if (slots.length > 0) return okAsync(answer(sayFreeTimes(slots, voice)));
      return nearestFreeDays(deps, settings, now, { from, to, durationMinutes }).map((nearest) =>
        answer(`${nothingFree(settings, now, from, to)}${sayNearestDays(settings, now, nearest)}`),
      );
    });
  });
}

/** One time: free, or refused (by the rules, or because it is taken) with the nearest free slots. */
function checkTime(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  request: SlotRequest,
): ResultAsync<Availability, DomainError> {
  return judgeRequestedSlot(settings, now, request).asyncAndThen((judged) =>
    judged.match(
      (accepted) => checkFree(deps, settings, now, accepted),
      (refusal) => unavailable(deps, settings, now, refusal),
    ),
  );
}

function checkFree(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  { slot, durationMinutes }: AcceptedSlot,
): ResultAsync<Availability, DomainError> {
  return loadBusy(deps, settings, { start: slot.start, end: slot.blocksUntil }).andThen(({ busy, calendarChecked }) => {
    if (!isFree(slot, busy)) return unavailable(deps, settings, now, slotTaken(slot, durationMinutes));
    const spoken = suggest(settings, slot, now);
    return okAsync({
      zone: settings.zone,
      durationMinutes,
      requestedAvailable: true,
      slots: [spoken],
      offered: [spoken],
      calendarChecked,
      message: `Yes, ${spoken.spoken} is free.`,
    });
  });
}

/**
 * The time cannot be booked: an answer (not an error) that says why and offers the nearest free
 * slots. A refusal that names no time (in the past, beyond the horizon) is an error, as booking it would be.
 */
function unavailable(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  refusal: SlotRefusal,
): ResultAsync<Availability, DomainError> {
  const voice = voiceOf(settings, now);
  if (refusal.near === null) {
    return refusalAlternatives(deps, settings, now, refusal).andThen((alts) => errAsync(refusal.error(alts, voice)));
  }
  const { durationMinutes } = refusal;
  return alternativesNear(deps, settings, now, refusal.near, durationMinutes).map(
    ({ alternatives, calendarChecked }) => ({
      zone: settings.zone,
      durationMinutes,
      requestedAvailable: false,
      slots: alternatives,
      offered: alternatives,
      calendarChecked,
      message: refusal.error(alternatives, voice).message,
    }),
  );
}
