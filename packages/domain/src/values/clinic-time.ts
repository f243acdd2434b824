/**
 * @module values/clinic-time
 * Wall-clock times in the clinic's IANA zone (default `Europe/London`). Local times are resolved
 * explicitly across DST: a time inside the spring-forward gap does not exist (refused, never
 * silently shifted), and a time in the autumn overlap happens twice: we book the first
 * occurrence (summer time, e.g. 01:30 BST = 00:30 UTC on 2026-10-25) and say so.
 */
import { DateTime, IANAZone } from "luxon";
import { err, ok, type Result } from "neverthrow";
import { DomainErrors, type InvalidInput } from "../errors/domain-error.ts";
import { readSaidTime } from "../speech/caller-time.ts";
import { remembered } from "./remembered.ts";
import { ianaOffsets, zoneOf } from "./zone-offsets.ts";

export const DEFAULT_ZONE = "Europe/London";

/** A calendar date `YYYY-MM-DD` and a wall time in minutes since midnight. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}
export interface WallTime {
  readonly hour: number;
  readonly minute: number;
}

/**
 * `instant`: the (first) instant in milliseconds; `at` (and `later`) as luxon DateTimes in the
 * zone, made when first read (most callers need only the instant).
 */
export type LocalTimeResolution =
  | { readonly kind: "exact"; readonly instant: number; readonly at: DateTime }
  | { readonly kind: "ambiguous"; readonly instant: number; readonly at: DateTime; readonly later: DateTime }
  | { readonly kind: "gap" };

/** The tz database's geographic areas: a zone named after a place in one of them follows its local clock. */
const REGION_AREAS = [
  "Africa",
  "America",
  "Antarctica",
  "Asia",
  "Atlantic",
  "Australia",
  "Europe",
  "Indian",
  "Pacific",
];
const REGION_ZONE = new RegExp(`^(${REGION_AREAS.join("|")})(/[A-Za-z0-9_+-]+)+$`);

/**
 * Whether `zone` is an IANA region zone, spelt as the tz database spells it (`Europe/London`,
 * `America/Argentina/Buenos_Aires`): a place, whose clock changes when the place's does. Fixed
 * offsets and abbreviations are refused even where Intl knows them (`UTC`, `GMT`, `Etc/GMT-1`,
 * `EST`, `EST5EDT`, `GMT+1`), as are the legacy aliases outside the areas (`US/Eastern`, `GB`)
 * and a wrong case (`europe/london`): a clinic is somewhere, and `EST` is an hour wrong all summer.
 */
export function isValidZone(zone: string): boolean {
  if (!REGION_ZONE.test(zone) || !IANAZone.isValidZone(zone)) return false;
  const resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
}

/**
 * A zone luxon can compute in (any IANA name, `UTC` and `EST` included): what stored settings are
 * read with, so a clinic saved before the stricter `isValidZone` stays readable (and `pnpm verify`
 * reports it).
 */
export function isKnownZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function parseLocalDate(raw: string): Result<LocalDate, InvalidInput> {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  const bad = DomainErrors.invalidInput(
    "appointmentDate",
    "I didn't catch the date. Which day would you like, for example the 3rd of December?",
  );
  if (m === null) return err(bad);
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return DateTime.fromObject(date, { zone: "UTC" }).isValid ? ok(date) : err(bad);
}

/** Accepts a time as callers say it (`14:30`, `14.30`, `2:30pm`, `2.30 p.m.`, `noon`, …: `speech/caller-time`). */
export function parseWallTime(raw: string): Result<WallTime, InvalidInput> {
  const time = readSaidTime(raw);
  return time === null
    ? err(DomainErrors.invalidInput("appointmentTime", "I didn't catch the time. What time would suit you?"))
    : ok(time);
}

/** Resolves a wall time on a date in a zone to the instant(s) it names. */
export function resolveLocalTime(date: LocalDate, time: WallTime, zone: string): LocalTimeResolution {
  const iana = zoneOf(zone);
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  // Sampled 14 h either side: a wall time is at most 14 h from its instant (UTC+14), so both
  // offsets around a change are seen even far from UTC (Sydney's change is 15 h from its wall time as UTC).
  const before = iana.offset(wallAsUtc - 36e5 * 14);
  const after = iana.offset(wallAsUtc + 36e5 * 14);
  // The wall time read with each offset: an instant when the zone really has that offset then.
  const named = (offset: number) => {
    const ts = wallAsUtc - offset * 60_000;
    return iana.offset(ts) === offset ? ts : null;
  };
  const withBefore = named(before);
  const withAfter = after === before ? null : named(after);
  const [first, second] =
    withBefore === null || withAfter === null
      ? [withBefore ?? withAfter, null]
      : [Math.min(withBefore, withAfter), Math.max(withBefore, withAfter)];
  if (first === null) return { kind: "gap" };
  const dateTime = (ts: number) => DateTime.fromMillis(ts, { zone: iana });
  if (second === null) {
    return {
      kind: "exact",
      instant: first,
      get at() {
        return dateTime(first);
      },
    };
  }
  return {
    kind: "ambiguous",
    instant: first,
    get at() {
      return dateTime(first);
    },
    get later() {
      return dateTime(second);
    },
  };
}

export function inZone(instant: Date, zone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone: zoneOf(zone) });
}

/** The instants a local day starts at and the next one starts at, in milliseconds. */
export interface LocalDayBounds {
  readonly start: number;
  readonly end: number;
}

/** Local days by zone and date (10,000 before starting again). */
const days = remembered<LocalDayBounds>(10_000);

/**
 * The local day of `instant` in `zone`: where it starts and where the next starts, as luxon's
 * `startOf("day")` reads them (a midnight inside a DST gap starts the day at the first instant
 * after it). Remembered by zone and local date (`localDateAt`): a booking asks for the day of its
 * slot, and luxon takes tens of microseconds to answer.
 */
export function localDayOf(instant: Date, zone: string): LocalDayBounds {
  const date = localDateAt(instant, zone);
  return days(`${formatLocalDate(date)}:${zone}`, () => luxonDayOf(instant, zone));
}

function luxonDayOf(instant: Date, zone: string): LocalDayBounds {
  const day = inZone(instant, zone);
  return { start: day.startOf("day").toMillis(), end: day.plus({ days: 1 }).startOf("day").toMillis() };
}

/** The local date at `instant` in `zone` (from the zone's remembered offsets when it has them). */
export function localDateAt(instant: Date, zone: string): LocalDate {
  return localWallAt(instant, zone).date;
}

/** The local date and wall time (to the minute) at `instant` in `zone`. */
export function localWallAt(instant: Date, zone: string): { readonly date: LocalDate; readonly time: WallTime } {
  const offsets = ianaOffsets(zone);
  if (offsets === null) {
    const at = inZone(instant, zone);
    return { date: toLocalDate(at), time: { hour: at.hour, minute: at.minute } };
  }
  const t = instant.getTime();
  const local = new Date(t + offsets(t) * 60_000);
  return {
    date: { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() },
    time: { hour: local.getUTCHours(), minute: local.getUTCMinutes() },
  };
}

export function toLocalDate(at: DateTime): LocalDate {
  return { year: at.year, month: at.month, day: at.day };
}

/** The calendar day after `date` (plain arithmetic: a listing steps through its days with it). */
export function nextLocalDate(date: LocalDate): LocalDate {
  const at = new Date(0);
  at.setUTCFullYear(date.year, date.month - 1, date.day + 1);
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

/** `date` as a number that orders like the dates (`20261123`). */
export function dateOrder(date: LocalDate): number {
  return date.year * 10_000 + date.month * 100 + date.day;
}

export function formatLocalDate(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;
}
