/**
 * @module speech/caller-day
 * Days as callers (and models) say them, resolved against the clinic's today: `2026-12-03`,
 * "today", "tomorrow", "the day after tomorrow", a weekday ("Tuesday", "this Tuesday": the next
 * one, today included) and "next Tuesday" (the next one after today).
 */
import { DateTime } from "luxon";
import type { LocalDate } from "../values/clinic-time.ts";

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const OFFSETS: Readonly<Record<string, number>> = {
  today: 0,
  tomorrow: 1,
  "day after tomorrow": 2,
  "the day after tomorrow": 2,
};

/** The date the words name, `today` being the clinic's local date; `null` when they name none. */
export function readSaidDay(raw: string, today: LocalDate): LocalDate | null {
  const said = raw.trim().toLowerCase().replace(/\s+/g, " ");
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(said);
  if (iso !== null) return calendarDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const base = DateTime.fromObject(today, { zone: "UTC" });
  const offset = Object.hasOwn(OFFSETS, said) ? OFFSETS[said] : undefined;
  if (offset !== undefined) return toDate(base.plus({ days: offset }));
  const m = /^(?:on )?(this |next |coming |this coming )?([a-z]+)$/.exec(said);
  const weekday = m === null ? -1 : WEEKDAYS.indexOf(m[2] ?? "") + 1;
  if (m === null || weekday === 0) return null;
  const strictlyAfter = m[1] === "next ";
  let ahead = (weekday - base.weekday + 7) % 7;
  if (ahead === 0 && strictlyAfter) ahead = 7;
  return toDate(base.plus({ days: ahead }));
}

const toDate = (d: DateTime): LocalDate => ({ year: d.year, month: d.month, day: d.day });

/** The date when it exists in the calendar (`2026-02-30` does not), by plain arithmetic. */
function calendarDate(year: number, month: number, day: number): LocalDate | null {
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  const exists = at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
  return exists ? { year, month, day } : null;
}
