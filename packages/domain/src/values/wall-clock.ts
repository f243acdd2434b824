/**
 * @module values/wall-clock
 * An instant's wall clock in an IANA zone by arithmetic, and its ISO 8601 text exactly as luxon's
 * `toISO()` writes it (`2026-11-23T09:00:00.000+00:00`): what listing a fortnight of slots needs
 * per slot, without a luxon DateTime per slot. Only for whole-minute offsets and years 0–9999;
 * otherwise (`null`) the caller asks luxon, as before.
 */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Minutes east of UTC. */
  readonly offset: number;
}

/** The wall clock of `ts` under `offsets` (see `ianaOffsets`), or null when luxon should be asked. */
export function wallClock(offsets: (ts: number) => number, ts: number): WallClock | null {
  const offset = offsets(ts);
  if (!Number.isInteger(offset)) return null;
  const d = new Date(ts + offset * 60_000);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) return null;
  return {
    year,
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    offset,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** luxon's `toISO()` of a DateTime in an IANA zone at this wall clock. */
export function isoOf(w: WallClock): string {
  const sign = w.offset >= 0 ? "+" : "-";
  const abs = Math.abs(w.offset);
  const zone = `${sign}${pad(Math.trunc(abs / 60))}:${pad(abs % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.${pad(w.millisecond, 3)}${zone}`;
}
