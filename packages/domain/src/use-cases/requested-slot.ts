/**
 * @module use-cases/requested-slot
 * Turns the date, time and duration a caller asked for into a slot in the clinic's zone, or a
 * refusal that says why (and, where it helps, the nearest free slots).
 */

import { DateTime } from "luxon";
import { err, ok, type Result } from "neverthrow";
import { lastBookableDate, meetsNotice, type Slot, slotAt, withinHorizon } from "../availability/slots.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { describeOpeningHours, withinOpeningHours } from "../clinic/opening-hours.ts";
import { type DomainError, DomainErrors, type SlotSuggestion } from "../errors/domain-error.ts";
import {
  formatLocalDate,
  inZone,
  type LocalDate,
  parseLocalDate,
  parseWallTime,
  resolveLocalTime,
  speakDate,
  speakDay,
  zoneAbbreviation,
} from "../values/clinic-time.ts";

export interface SlotRequest {
  readonly date: string;
  readonly time: string;
  readonly durationMinutes?: number | undefined;
}

export interface AcceptedSlot {
  readonly slot: Slot;
  readonly date: LocalDate;
  readonly durationMinutes: number;
  /** Said when the wall time happens twice (DST ends): which one we booked. */
  readonly note: string | null;
}

/** A refusal that is completed with the nearest free slots to `near` (when not null). */
export interface Refusal {
  readonly near: Date | null;
  readonly durationMinutes: number;
  readonly error: (alternatives: readonly SlotSuggestion[]) => DomainError;
}

export const MIN_DURATION = 5;
export const MAX_DURATION = 480;

export function parseDuration(settings: ClinicSettings, minutes: number | undefined): Result<number, DomainError> {
  const d = minutes ?? settings.slotMinutes;
  return Number.isInteger(d) && d >= MIN_DURATION && d <= MAX_DURATION
    ? ok(d)
    : err(
        DomainErrors.invalidInput(
          "duration",
          `Appointments can be ${MIN_DURATION} minutes to ${MAX_DURATION / 60} hours long. How long do you need?`,
        ),
      );
}

export function judgeRequestedSlot(
  settings: ClinicSettings,
  now: Date,
  request: SlotRequest,
): Result<Result<AcceptedSlot, Refusal>, DomainError> {
  return parseLocalDate(request.date).andThen((date) =>
    parseWallTime(request.time).andThen((time) =>
      parseDuration(settings, request.durationMinutes).map((durationMinutes) => {
        const resolved = resolveLocalTime(date, time, settings.zone);
        if (resolved.kind === "gap") {
          const after = DateTime.fromObject({ ...date, ...time }, { zone: settings.zone }).toJSDate();
          const day = speakDay(DateTime.fromISO(formatLocalDate(date), { zone: settings.zone }));
          return err<AcceptedSlot, Refusal>({
            near: after,
            durationMinutes,
            error: (alts) => DomainErrors.nonexistentLocalTime(day, alts),
          });
        }
        const slot = slotAt(settings, resolved.at.toJSDate(), durationMinutes);
        const note =
          resolved.kind === "ambiguous"
            ? `That's the first ${resolved.at.toFormat("h:mma").toLowerCase()} of the night, in ${zoneAbbreviation(resolved.at)}, before the clocks go back.`
            : null;
        return judgeSlot(settings, now, date, slot, durationMinutes).map(() => ({ slot, date, durationMinutes, note }));
      }),
    ),
  );
}

/** The rules every requested slot must meet, in the order a caller should hear about them. */
export function judgeSlot(
  settings: ClinicSettings,
  now: Date,
  date: LocalDate,
  slot: Slot,
  durationMinutes: number,
): Result<void, Refusal> {
  const refuse = (near: Date | null, error: Refusal["error"]) => err({ near, durationMinutes, error });
  if (slot.start.getTime() < now.getTime()) {
    const today = speakDate(inZone(now, settings.zone));
    return refuse(null, () => DomainErrors.slotInPast(today));
  }
  if (!withinHorizon(settings, now, slot)) {
    const last = speakDay(DateTime.fromISO(formatLocalDate(lastBookableDate(settings, now)), { zone: settings.zone }));
    return refuse(null, () => DomainErrors.beyondBookingHorizon(last));
  }
  if (!withinOpeningHours(settings, date, slot)) {
    const hours = describeOpeningHours(settings, date);
    return refuse(slot.start, (alts) => DomainErrors.outsideOpeningHours(hours, alts));
  }
  if (!meetsNotice(settings, now, slot)) {
    return refuse(slot.start, (alts) => DomainErrors.tooShortNotice(settings.minNoticeMinutes, alts));
  }
  return ok(undefined);
}
