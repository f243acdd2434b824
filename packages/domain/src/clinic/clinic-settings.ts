/**
 * @module clinic/clinic-settings
 * What a clinic decides about its bookings: zone, phone region, opening hours per weekday,
 * slot length, buffer between appointments, minimum notice and how far ahead callers may book.
 */
import { DEFAULT_ZONE } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import type { Region } from "../values/phone-number.ts";

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** A local opening window, `HH:mm` to `HH:mm` (close after open, same day). */
export interface OpeningWindow {
  readonly open: string;
  readonly close: string;
}

export type OpeningHours = Readonly<Record<Weekday, readonly OpeningWindow[]>>;

export interface ClinicSettings {
  readonly orgId: OrgId;
  readonly name: string;
  readonly zone: string;
  readonly region: Region;
  readonly openingHours: OpeningHours;
  readonly slotMinutes: number;
  readonly bufferMinutes: number;
  readonly minNoticeMinutes: number;
  readonly horizonDays: number;
  /** The calendar appointments go to when the caller names none (one per practitioner later). */
  readonly calendarId: string;
}

const weekdays = (open: string, close: string): OpeningHours => ({
  1: [{ open, close }],
  2: [{ open, close }],
  3: [{ open, close }],
  4: [{ open, close }],
  5: [{ open, close }],
  6: [],
  7: [],
});

/** A clinic open weekdays 09:00–17:30 in London, 30-minute slots, no buffer. */
export function defaultClinicSettings(orgId: OrgId, name = "Demo Clinic"): ClinicSettings {
  return {
    orgId,
    name,
    zone: DEFAULT_ZONE,
    region: "GB",
    openingHours: weekdays("09:00", "17:30"),
    slotMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 60,
    horizonDays: 90,
    calendarId: "primary",
  };
}

/** Minutes since local midnight of an `HH:mm` string. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
