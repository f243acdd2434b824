/**
 * @module use-cases/check-availability
 * CheckAvailability: the free slots of a service on a day (or a range of days), across the
 * practitioners who offer it or for the one asked for, each saying who is free then; or whether
 * one time is free and, if not, the nearest free ones. Days may be the caller's words ("next
 * Tuesday"); an answer with nothing free leads somewhere (the next open day, the nearest free days,
 * today's date, the last bookable date).
 */
import { DateTime } from "luxon";
import { err, errAsync, ok, okAsync, type Result, type ResultAsync, safeTry } from "neverthrow";
import {
  freePractitioners,
  staffedFreeSlots,
  staffedSuggester,
  suggestStaffed,
} from "../availability/staffed-slots.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { Service } from "../clinic/service.ts";
import { type DomainError, DomainErrors, type SlotSuggestion } from "../errors/domain-error.ts";
import { voiceOf } from "../speech/locale.ts";
import { formatLocalDate, inZone, type LocalDate } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import { zoneOf } from "../values/zone-offsets.ts";
import { alternativesNear, loadBusy, refusalAlternatives, staffedQuery } from "./busy.ts";
import type { BookingDeps } from "./deps.ts";
import {
  bookableDays,
  nearestFreeDays,
  nothingFree,
  sayFreeTimes,
  sayNearestDays,
  spreadSuggestions,
} from "./next-steps.ts";
import { durationFor } from "./placement.ts";
import { readRequestedDate } from "./requested-date.ts";
import {
  type AcceptedSlot,
  judgeRequestedSlot,
  type SlotRefusal,
  type SlotRequest,
  slotTaken,
} from "./requested-slot.ts";
import { resolveScope, type ServiceScope } from "./service-scope.ts";

export interface CheckAvailabilityQuery {
  readonly orgId: OrgId;
  /** `YYYY-MM-DD` or the caller's words ("tomorrow", "next Tuesday"); the first day to look at (default: today in the clinic's zone). */
  readonly date?: string | undefined;
  /** Likewise, the last day (default: `date`). At most 14 days are searched. */
  readonly endDate?: string | undefined;
  /** A specific time to check on `date`. */
  readonly time?: string | undefined;
  /** Used only when the clinic allows a caller's duration; otherwise the service's length. */
  readonly durationMinutes?: number | undefined;
  /** The service as the caller said it; absent: the clinic's default service. */
  readonly service?: string | null | undefined;
  /** A practitioner's name; absent / "anyone": everyone offering the service. */
  readonly practitioner?: string | null | undefined;
  /** Legacy: read as `service` when it names one. */
  readonly serviceType?: string | null | undefined;
}

export interface Availability {
  readonly zone: string;
  /** The service the answer is for. */
  readonly service: Service;
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
    const clinic = yield* deps.clinics.getClinic(query.orgId);
    const scope = yield* resolveScope(clinic, query);
    const durationMinutes = yield* durationFor(scope, query.durationMinutes);
    const now = yield* deps.clock.now();
    const { date, time } = query;
    if (date !== undefined && time !== undefined) {
      return ok(yield* checkTime(deps, scope, now, { date, time, durationMinutes }));
    }
    const days = yield* dayRange(clinic, now, query, durationMinutes);
    return ok(yield* listDays(deps, scope, now, days));
  });
}

function dayRange(
  settings: ClinicSettings,
  now: Date,
  q: CheckAvailabilityQuery,
  durationMinutes: number,
): Result<DayRange, DomainError> {
  const today = formatLocalDate(inZone(now, settings.zone));
  return safeTry(function* () {
    const first = yield* readRequestedDate(settings, now, q.date ?? today, "date");
    const second = yield* readRequestedDate(settings, now, q.endDate ?? q.date ?? today, "endDate");
    // "Friday to Monday" said the other way round is the same days.
    const [from, to] = formatLocalDate(second) < formatLocalDate(first) ? [second, first] : [first, second];
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
  scope: ServiceScope,
  now: Date,
  asked: DayRange,
): ResultAsync<Availability, DomainError> {
  const settings = scope.rules;
  return bookableDays(deps, scope, now, asked).andThen(({ from, to, durationMinutes }) => {
    const first = DateTime.fromObject(from, { zone: zoneOf(settings.zone) });
    const last = DateTime.fromObject(to, { zone: zoneOf(settings.zone) });
    const window = { start: first.startOf("day").toJSDate(), end: last.endOf("day").toJSDate() };
    return loadBusy(deps, scope, window).andThen(({ busy, calendarChecked }) => {
      const slots = staffedFreeSlots(staffedQuery(scope, now, durationMinutes, busy), from, to).map(
        staffedSuggester(settings, scope.sayWho, now),
      );
      const voice = voiceOf(settings, now);
      const answer = (message: string): Availability => ({
        zone: settings.zone,
        service: scope.service,
        durationMinutes,
        requestedAvailable: null,
        slots,
        offered: spreadSuggestions(slots, voice, OFFERED),
        calendarChecked,
        message,
      });
      const sayWho = scope.sayWho && scope.named === null;
      if (slots.length > 0) return okAsync(answer(forWhom(scope, sayFreeTimes(slots, voice, sayWho))));
      return nearestFreeDays(deps, scope, now, { from, to, durationMinutes }).map((nearest) =>
        answer(`${nothingFree(settings, now, from, to)}${sayNearestDays(settings, now, nearest)}`),
      );
    });
  });
}

/** "Dr Patel is free on Thursday …" when the caller asked for one practitioner among several. */
function forWhom(scope: ServiceScope, times: string): string {
  if (scope.named === null || !scope.sayWho) return times;
  return `${scope.named.name} is free ${times.charAt(0).toLowerCase()}${times.slice(1)}`;
}

/** One time: free, or refused (by the rules, or because it is taken) with the nearest free slots. */
function checkTime(
  deps: BookingDeps,
  scope: ServiceScope,
  now: Date,
  request: SlotRequest,
): ResultAsync<Availability, DomainError> {
  return judgeRequestedSlot(scope.rules, now, request, scope.service.bufferBeforeMinutes).asyncAndThen((judged) =>
    judged.match(
      (accepted) => checkFree(deps, scope, now, accepted),
      (refusal) => unavailable(deps, scope, now, refusal),
    ),
  );
}

function checkFree(
  deps: BookingDeps,
  scope: ServiceScope,
  now: Date,
  { slot, date, durationMinutes }: AcceptedSlot,
): ResultAsync<Availability, DomainError> {
  const window = { start: slot.blocksFrom, end: slot.blocksUntil };
  return loadBusy(deps, scope, window).andThen(({ busy, calendarChecked }) => {
    const free = freePractitioners(staffedQuery(scope, now, durationMinutes, busy), date, slot);
    if (free.length === 0) return unavailable(deps, scope, now, slotTaken(slot, durationMinutes));
    const spoken = suggestStaffed(scope.rules, { ...slot, free }, scope.sayWho, now);
    return okAsync({
      zone: scope.clinic.zone,
      service: scope.service,
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
 * slots. A refusal that names no time (in the past, beyond the horizon) is an error, as booking
 * it would be, with the next free times where there are some.
 */
function unavailable(
  deps: BookingDeps,
  scope: ServiceScope,
  now: Date,
  refusal: SlotRefusal,
): ResultAsync<Availability, DomainError> {
  const voice = voiceOf(scope.rules, now);
  if (refusal.near === null) {
    return refusalAlternatives(deps, scope, now, refusal).andThen((alts) => errAsync(refusal.error(alts, voice)));
  }
  const { durationMinutes } = refusal;
  return alternativesNear(deps, scope, now, refusal.near, durationMinutes).map(({ alternatives, calendarChecked }) => ({
    zone: scope.clinic.zone,
    service: scope.service,
    durationMinutes,
    requestedAvailable: false,
    slots: alternatives,
    offered: alternatives,
    calendarChecked,
    message: refusal.error(alternatives, voice).message,
  }));
}
