/**
 * @module speech/locale
 * How a clinic speaks, without a setting of its own: the locale follows the clinic's phone
 * region (US → en-US "Tuesday, December 1 at 2:30 PM"; GB, AU and the rest → day-month order
 * "Tuesday 1 December at 2:30pm"), and "this year" is the clinic's local year now, so a date in
 * another year is said with its year.
 */
import { DateTime } from "luxon";
import { ianaOffsets, zoneOf } from "../values/zone-offsets.ts";

export type SpeechLocale = "en-GB" | "en-US" | "en-AU";

/** Everything phrasing needs to know about the clinic. */
export interface Voice {
  readonly locale: SpeechLocale;
  readonly zone: string;
  /** The clinic's local year now: dates in it are said without their year. */
  readonly year: number;
}

// Region codes as `ClinicSettings.region` holds them (ISO 3166); not imported, so that the
// errors can phrase with speech/ without a cycle through the clinic's types.
const MONTH_FIRST: readonly string[] = ["US", "PR", "GU", "VI", "AS", "MP"];
const AUSTRALASIA: readonly string[] = ["AU", "NZ"];

export function localeOfRegion(region: string): SpeechLocale {
  if (MONTH_FIRST.includes(region)) return "en-US";
  return AUSTRALASIA.includes(region) ? "en-AU" : "en-GB";
}

/** The clinic's voice at `now` (its locale, zone and local year). */
export function voiceOf(settings: { readonly region: string; readonly zone: string }, now: Date): Voice {
  return {
    locale: localeOfRegion(settings.region),
    zone: settings.zone,
    year: localYear(now, settings.zone),
  };
}

/**
 * The year at `now` in `zone`: from the zone's remembered offsets when it has them, else luxon.
 * Not `localDateAt` (values/clinic-time): that module imports the errors, which phrase with speech/.
 */
function localYear(now: Date, zone: string): number {
  const offsets = ianaOffsets(zone);
  if (offsets === null) return DateTime.fromJSDate(now, { zone: zoneOf(zone) }).year;
  const t = now.getTime();
  return new Date(t + offsets(t) * 60_000).getUTCFullYear();
}

export const monthFirst = (voice: Voice): boolean => voice.locale === "en-US";

/** The instant's wall clock in the voice's zone and locale. */
export function local(at: DateTime, voice: Voice): DateTime {
  return at.setZone(zoneOf(voice.zone)).setLocale(voice.locale);
}
