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
import { describeOpeningHours, nextOpening, weekdayOf, withinOpeningHours } from "../clinic/opening-hours.ts";
import { type DomainError, DomainErrors, type SlotSuggestion } from "../errors/domain-error.ts";
import { speakLocalDate, speakToday } from "../speech/clinic.ts";
import { speakClock } from "../speech/dates.ts";
import { type Voice, voiceOf } from "../speech/locale.ts";
import {
  type LocalDate,
  type LocalTimeResolution,
  localWallAt,
  parseWallTime,
  resolveLocalTime,
  type WallTime,
} from "../values/clinic-time.ts";
import { readRequestedDate } from "./requested-date.ts";

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
 * Why a requested slot cannot be booked. The caller hears `error(alternatives, voice)`, where the
 * alternatives are the nearest free slots of `durationMinutes` around `near`. When `near` is
 * null the refusal is an error even where checking a time is otherwise answered: a time in the
 * past is offered the next free times from `nextFrom` (now); beyond the horizon, nothing.
 */
export interface SlotRefusal {
  readonly near: Date | null;
  readonly nextFrom?: Date;
  readonly durationMinutes: number;
  readonly error: (alternatives: readonly SlotSuggestion[], voice: Voice) => DomainError;
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
    const date = yield* readRequestedDate(settings, now, request.date, "appointmentDate");
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
    const day = speakLocalDate(settings, now, date);
    const error: SlotRefusal["error"] = (alts, voice) => DomainErrors.nonexistentLocalTime(day, alts, voice);
    return err({ near: afterGap, durationMinutes, error });
  }
  const slot = slotAt(settings, new Date(resolved.instant), durationMinutes, bufferBeforeMinutes);
  const note = overlapNote(resolved, voiceOf(settings, now));
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
    const today = speakToday(settings, now);
    const error: SlotRefusal["error"] = (alts, voice) => DomainErrors.slotInPast(today, alts, voice);
    return err({ near: null, nextFrom: now, durationMinutes, error });
  }
  if (!withinHorizon(settings, now, slot)) {
    const last = speakLocalDate(settings, now, lastBookableDate(settings, now));
    return refused(null, () => DomainErrors.beyondBookingHorizon(last));
  }
  if (!withinOpeningHours(settings, date, slot)) {
    const hours = describeOpeningHours(settings, date, voiceOf(settings, now));
    const near = nextOpening(settings, date)?.toJSDate() ?? slot.start;
    const closed = settings.openingHours[weekdayOf(date)].length === 0;
    return refused(closed ? near : slot.start, (alts, voice) => DomainErrors.outsideOpeningHours(hours, alts, voice));
  }
  if (!meetsNotice(settings, now, slot)) {
    const minutes = settings.minNoticeMinutes;
    return refused(slot.start, (alts, voice) => DomainErrors.tooShortNotice(minutes, alts, voice));
  }
  return ok(undefined);
}

/**
 * What is said with an appointment's time: when its wall time happens twice that night (the
 * clocks go back), which of the two it is; `null` otherwise. The same note `judgeRequestedSlot`
 * gives for the slot it accepted, read back from the appointment, so a replayed answer says it too.
 */
export function noteAt(instant: Date, voice: Voice): string | null {
  const zone = voice.zone;
  const local = localWallAt(instant, zone);
  const resolved = resolveLocalTime(local.date, local.time, zone);
  if (resolved.kind !== "ambiguous" || resolved.instant !== instant.getTime()) return null;
  return overlapNote(resolved, voice);
}

/** When the wall time happens twice (the clocks go back), which of the two we took. */
function overlapNote(resolved: Exclude<LocalTimeResolution, { kind: "gap" }>, voice: Voice): string | null {
  if (resolved.kind !== "ambiguous") return null;
  const time = speakClock(resolved.at, voice);
  return `The clocks go back that night, so ${time} comes twice: that's the first ${time}, before the change.`;
}
