/**
 * @module use-cases/requested-slot
 * Judges the date, time and duration a caller asked for: either an accepted slot in the clinic's
 * zone, or a `SlotRefusal` that says why and where to look for the nearest free slots. Input that
 * cannot be read at all (no such date, no time, a silly duration) is a plain `DomainError` instead.
 */

import { DateTime } from "luxon";
import { err, ok, type Result, safeTry } from "neverthrow";
import { lastBookableDate, meetsNotice, type Slot, slotAt, withinHorizon } from "../availability/slots.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { describeOpeningHours, withinOpeningHours } from "../clinic/opening-hours.ts";
import { type DomainError, DomainErrors, type SlotSuggestion } from "../errors/domain-error.ts";
import {
  inZone,
  type LocalDate,
  type LocalTimeResolution,
  parseLocalDate,
  parseWallTime,
  resolveLocalTime,
  speakDate,
  speakDay,
  toLocalDate,
  type WallTime,
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

/**
 * Why a requested slot cannot be booked. The caller hears `error(alternatives)`, where the
 * alternatives are the nearest free slots of `durationMinutes` around `near` (none when `near` is
 * null: a time in the past or beyond the horizon has no useful neighbours).
 */
export interface SlotRefusal {
  readonly near: Date | null;
  readonly durationMinutes: number;
  readonly error: (alternatives: readonly SlotSuggestion[]) => DomainError;
}

/** A request that could be read: accepted, or refused with a reason. */
export type SlotJudgement = Result<AcceptedSlot, SlotRefusal>;

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

/** The slot was taken by someone else: refused, with the free slots nearest to it. */
export function slotTaken(slot: Slot, durationMinutes: number): SlotRefusal {
  return { near: slot.start, durationMinutes, error: DomainErrors.slotUnavailable };
}

/** `bufferBeforeMinutes`: the service's buffer before, part of the slot's blocking interval. */
export function judgeRequestedSlot(
  settings: ClinicSettings,
  now: Date,
  request: SlotRequest,
  bufferBeforeMinutes = 0,
): Result<SlotJudgement, DomainError> {
  return safeTry(function* () {
    const date = yield* parseLocalDate(request.date);
    const time = yield* parseWallTime(request.time);
    const durationMinutes = yield* parseDuration(settings, request.durationMinutes);
    return ok(judgeWallTime(settings, now, { date, time, durationMinutes, bufferBeforeMinutes }));
  });
}

interface WallRequest {
  readonly date: LocalDate;
  readonly time: WallTime;
  readonly durationMinutes: number;
  readonly bufferBeforeMinutes: number;
}

function judgeWallTime(
  settings: ClinicSettings,
  now: Date,
  { date, time, durationMinutes, bufferBeforeMinutes }: WallRequest,
): SlotJudgement {
  const resolved = resolveLocalTime(date, time, settings.zone);
  if (resolved.kind === "gap") {
    // Luxon reads a time inside the gap as shifted forward by the gap (01:30 is 02:30 BST): near, and real.
    const afterGap = DateTime.fromObject({ ...date, ...time }, { zone: settings.zone }).toJSDate();
    const day = spokenDay(date, settings.zone);
    return err({ near: afterGap, durationMinutes, error: (alts) => DomainErrors.nonexistentLocalTime(day, alts) });
  }
  const slot = slotAt(settings, resolved.at.toJSDate(), durationMinutes, bufferBeforeMinutes);
  const note = overlapNote(resolved);
  return judgeSlot(settings, now, date, slot, durationMinutes).map(() => ({ slot, date, durationMinutes, note }));
}

/** The rules every requested slot must meet, in the order a caller should hear about them. */
export function judgeSlot(
  settings: ClinicSettings,
  now: Date,
  date: LocalDate,
  slot: Slot,
  durationMinutes: number,
): Result<void, SlotRefusal> {
  const refused = (near: Date | null, error: SlotRefusal["error"]) => err({ near, durationMinutes, error });
  if (slot.start.getTime() < now.getTime()) {
    const today = speakDate(inZone(now, settings.zone));
    return refused(null, () => DomainErrors.slotInPast(today));
  }
  if (!withinHorizon(settings, now, slot)) {
    const last = spokenDay(lastBookableDate(settings, now), settings.zone);
    return refused(null, () => DomainErrors.beyondBookingHorizon(last));
  }
  if (!withinOpeningHours(settings, date, slot)) {
    const hours = describeOpeningHours(settings, date);
    return refused(slot.start, (alts) => DomainErrors.outsideOpeningHours(hours, alts));
  }
  if (!meetsNotice(settings, now, slot)) {
    return refused(slot.start, (alts) => DomainErrors.tooShortNotice(settings.minNoticeMinutes, alts));
  }
  return ok(undefined);
}

/**
 * What is said with an appointment's time: when its wall time happens twice that night (the
 * clocks go back), which of the two it is; `null` otherwise. The same note `judgeRequestedSlot`
 * gives for the slot it accepted, read back from the appointment, so a replayed answer says it too.
 */
export function noteAt(instant: Date, zone: string): string | null {
  const local = inZone(instant, zone);
  const resolved = resolveLocalTime(toLocalDate(local), { hour: local.hour, minute: local.minute }, zone);
  if (resolved.kind !== "ambiguous" || resolved.at.toMillis() !== instant.getTime()) return null;
  return overlapNote(resolved);
}

/** When the wall time happens twice (the clocks go back), which of the two we took. */
function overlapNote(resolved: Exclude<LocalTimeResolution, { kind: "gap" }>): string | null {
  if (resolved.kind !== "ambiguous") return null;
  const time = resolved.at.toFormat("h:mma").toLowerCase();
  return `That's the first ${time} of the night, in ${zoneAbbreviation(resolved.at)}, before the clocks go back.`;
}

function spokenDay(date: LocalDate, zone: string): string {
  return speakDay(DateTime.fromObject(date, { zone }));
}
