/**
 * @module use-cases/check-availability
 * CheckAvailability: the free slots of a day (or a range of days), or whether one time is free
 * and, if not, the nearest free ones.
 */
import { DateTime } from "luxon";
import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from "neverthrow";
import { freeSlots, isFree, suggest } from "../availability/slots.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { type DomainError, DomainErrors, type SlotSuggestion } from "../errors/domain-error.ts";
import { formatLocalDate, inZone, type LocalDate, parseLocalDate, speakDay } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import { alternativesNear, loadBusy } from "./busy.ts";
import type { BookingDeps } from "./deps.ts";
import { judgeRequestedSlot, parseDuration } from "./requested-slot.ts";

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
  /** False when the external calendar could not be asked (our appointments were). */
  readonly calendarChecked: boolean;
  readonly message: string;
}

const MAX_DAYS = 14;
const SPOKEN_SLOTS = 4;

export function checkAvailability(
  deps: BookingDeps,
  query: CheckAvailabilityQuery,
): ResultAsync<Availability, DomainError> {
  return deps.clinics.getClinic(query.orgId).andThen((settings) =>
    deps.clock.now().andThen((now) => {
      if (query.time !== undefined && query.date !== undefined) return checkTime(deps, settings, now, query);
      return days(settings, now, query).asyncAndThen(({ from, to, durationMinutes }) =>
        listDays(deps, settings, now, from, to, durationMinutes),
      );
    }),
  );
}

function days(
  settings: ClinicSettings,
  now: Date,
  q: CheckAvailabilityQuery,
): Result<{ from: LocalDate; to: LocalDate; durationMinutes: number }, DomainError> {
  const today = formatLocalDate(inZone(now, settings.zone));
  return parseLocalDate(q.date ?? today).andThen((from) =>
    parseLocalDate(q.endDate ?? q.date ?? today).andThen((to) =>
      parseDuration(settings, q.durationMinutes).andThen((durationMinutes) => {
        const span = DateTime.fromObject(to).diff(DateTime.fromObject(from), "days").days;
        if (span < 0 || span >= MAX_DAYS) {
          return err(
            DomainErrors.invalidInput("endDate", `I can look up to ${MAX_DAYS} days at a time. Which days suit you?`),
          );
        }
        return ok({ from, to, durationMinutes });
      }),
    ),
  );
}

function listDays(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  from: LocalDate,
  to: LocalDate,
  durationMinutes: number,
): ResultAsync<Availability, DomainError> {
  const window = {
    start: DateTime.fromObject(from, { zone: settings.zone }).startOf("day").toJSDate(),
    end: DateTime.fromObject(to, { zone: settings.zone }).endOf("day").toJSDate(),
  };
  return loadBusy(deps, settings, window).map(({ busy, calendarChecked }) => {
    const slots = freeSlots({ settings, now, durationMinutes, busy }, from, to).map((s) => suggest(settings, s));
    const day = speakDay(DateTime.fromObject(from, { zone: settings.zone }));
    const where =
      formatLocalDate(from) === formatLocalDate(to)
        ? `on ${day}`
        : `from ${day} to ${speakDay(DateTime.fromObject(to, { zone: settings.zone }))}`;
    const message =
      slots.length === 0
        ? `There are no free appointments ${where}.`
        : `Free times ${where} include ${listSpoken(slots.slice(0, SPOKEN_SLOTS))}.`;
    return { zone: settings.zone, durationMinutes, requestedAvailable: null, slots, calendarChecked, message };
  });
}

function checkTime(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  q: CheckAvailabilityQuery,
): ResultAsync<Availability, DomainError> {
  const request = { date: q.date ?? "", time: q.time ?? "", durationMinutes: q.durationMinutes };
  return judgeRequestedSlot(settings, now, request).asyncAndThen((judged) => {
    if (judged.isErr()) {
      const refusal = judged.error;
      if (refusal.near === null) return errAsync(refusal.error([]));
      return around(deps, settings, now, refusal.near, refusal.durationMinutes, (alts) => refusal.error(alts).message);
    }
    const { slot, durationMinutes } = judged.value;
    const spoken = suggest(settings, slot);
    return loadBusy(deps, settings, { start: slot.start, end: slot.blocksUntil }).andThen(
      ({ busy, calendarChecked }) =>
        isFree(slot, busy)
          ? okAsync({
              zone: settings.zone,
              durationMinutes,
              requestedAvailable: true,
              slots: [spoken],
              calendarChecked,
              message: `Yes, ${spoken.spoken} is free.`,
            })
          : around(
              deps,
              settings,
              now,
              slot.start,
              durationMinutes,
              (alts) => DomainErrors.slotUnavailable(alts).message,
            ),
    );
  });
}

function around(
  deps: BookingDeps,
  settings: ClinicSettings,
  now: Date,
  near: Date,
  durationMinutes: number,
  say: (alts: SlotSuggestion[]) => string,
): ResultAsync<Availability, DomainError> {
  return alternativesNear(deps, settings, now, near, durationMinutes).map(({ alternatives, calendarChecked }) => ({
    zone: settings.zone,
    durationMinutes,
    requestedAvailable: false,
    slots: alternatives,
    calendarChecked,
    message: say(alternatives),
  }));
}

function listSpoken(slots: readonly SlotSuggestion[]): string {
  const s = slots.map((x) => x.spoken);
  return s.length <= 1 ? (s[0] ?? "") : `${s.slice(0, -1).join(", ")} and ${s.at(-1)}`;
}
