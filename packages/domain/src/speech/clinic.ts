/**
 * @module speech/clinic
 * Shorthands for the use cases: an instant or a local date said in a clinic's voice at `now`.
 */
import { DateTime } from "luxon";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { inZone, type LocalDate } from "../values/clinic-time.ts";
import { zoneOf } from "../values/zone-offsets.ts";
import { speakDayOf, speakFullDate, speakWhen } from "./dates.ts";
import { voiceOf } from "./locale.ts";

type Speaker = Pick<ClinicSettings, "region" | "zone">;

/** "Thursday 3 December at 2:30pm" in the clinic's zone and locale. */
export function speakInstant(settings: Speaker, now: Date, instant: Date): string {
  return speakWhen(inZone(instant, settings.zone), voiceOf(settings, now));
}

/** "Thursday 3 December" (with its year when not this year). */
export function speakLocalDate(settings: Speaker, now: Date, date: LocalDate): string {
  return speakDayOf(DateTime.fromObject(date, { zone: zoneOf(settings.zone) }), voiceOf(settings, now));
}

/** "Sunday 22 November 2026": the clinic's today, with its year. */
export function speakToday(settings: Speaker, now: Date): string {
  return speakFullDate(inZone(now, settings.zone), voiceOf(settings, now));
}
