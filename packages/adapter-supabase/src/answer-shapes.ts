/**
 * @module answer-shapes
 * The shapes of the SQL functions' jsonb answers (supabase/schemas: the `*_json` helpers), one zod
 * schema each: camelCase, instants as ISO 8601 strings in UTC. Parsing checks every field and
 * yields domain values (Dates; org ids, phones and emails through the domain's own parsers), so
 * a row that does not match is caught here, named by its path, instead of reaching a use case.
 */
import {
  isKnownZone,
  isRegion,
  parseEmail,
  parseOrgId,
  parsePhoneNumber,
  type Region,
  type Weekday,
} from "@voxanne/domain";
import type { Result } from "neverthrow";
import { z } from "zod";

/** Where an answer went wrong: `receipt.appointment.startsAt: Invalid input: expected string, received undefined`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length === 0 ? "(answer)" : i.path.join(".")}: ${i.message}`).join("; ");
}

/** A string the domain parses into a branded value; a refusal becomes a zod issue saying `what`. */
function parsed<T>(parse: (raw: string) => Result<T, unknown>, what: string) {
  return z.string().transform((raw, ctx): T => {
    const value = parse(raw);
    if (value.isOk()) return value.value;
    ctx.addIssue(`not ${what}`);
    return z.NEVER;
  });
}

export const instant = z.iso.datetime().transform((s) => new Date(s));
export const orgId = parsed(parseOrgId, "a UUID");
/** Stored numbers are E.164 already; any region reads them back unchanged. */
export const phone = parsed((raw) => parsePhoneNumber(raw, "GB"), "an E.164 phone number");
export const email = parsed(parseEmail, "an email address");

const region = z.string().transform((raw, ctx): Region => {
  if (isRegion(raw)) return raw;
  ctx.addIssue("not a supported region");
  return z.NEVER;
});
const zone = z.string().refine(isKnownZone, "not an IANA zone");
const hhmm = z.string().regex(/^\d{2}:\d{2}$/, "not HH:mm");
const day = z.array(z.object({ open: hhmm, close: hhmm }));
const count = z.int().nonnegative();

/** Opening hours keyed by ISO weekday, `"1"` (Monday) to `"7"` (Sunday). */
export const openingHours = z.object({
  "1": day,
  "2": day,
  "3": day,
  "4": day,
  "5": day,
  "6": day,
  "7": day,
} satisfies Record<`${Weekday}`, typeof day>);

export const appointment = z.object({
  id: z.string(),
  orgId,
  contactId: z.string().nullable(),
  practitionerId: z.string(),
  serviceId: z.string(),
  calendarId: z.string(),
  startsAt: instant,
  endsAt: instant,
  blocksFrom: instant,
  blocksUntil: instant,
  status: z.enum(["booked", "cancelled"]),
  serviceType: z.string().nullable(),
  patientName: z.string().nullable(),
  version: z.int(),
  calendarSync: z.enum(["pending", "synced"]),
  calendarEventId: z.string().nullable(),
  calendarEventCalendarId: z.string().nullable(),
});

export const contact = z.object({
  id: z.string(),
  orgId,
  phone: phone.nullable(),
  email: email.nullable(),
  name: z.string().nullable(),
});

export const contactPath = z.enum(["phone", "promoted", "email", "created"]);

export const receipt = z.object({ appointment, contact, contactPath });

/** A caller's change (`change_json`, `replayed_change`): as it left the appointment, and as it is now. */
export const changeOutcome = z.object({
  appointment,
  current: appointment,
  replayed: z.boolean(),
  alreadyCancelled: z.boolean(),
});

/** A timestamptz as Postgres writes it in JSON in UTC: `2026-11-23T09:00:00+00:00`, a fraction to the microsecond. */
const JSON_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(\+00:00|Z)$/;
const DAY_MS = 86_400_000;

/** The number written by the `n` digits of `s` from `at` (already known to be digits). */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + s.charCodeAt(i) - 48;
  return v;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Such a timestamp in epoch milliseconds (the fraction cut to the millisecond, as a Date holds it),
 * or NaN. Read by hand: a full fortnight holds thousands, and `Date.parse` is slower and leaves
 * more than three fraction digits to the engine.
 */
function utcMillis(raw: unknown): number {
  if (typeof raw !== "string" || !JSON_TIMESTAMP.test(raw)) return Number.NaN;
  const [year, month, day] = [digits(raw, 0, 4), digits(raw, 5, 2), digits(raw, 8, 2)];
  const [hour, minute, second] = [digits(raw, 11, 2), digits(raw, 14, 2), digits(raw, 17, 2)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const fraction = raw.charAt(19) === "." ? `${raw.slice(20, 23)}`.replace(/\D.*$/, "").padEnd(3, "0") : "000";
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + Number(fraction);
}

/** One `[from, until]` pair as an interval, or null when it is not one. */
function timestampPair(pair: unknown): { start: Date; end: Date } | null {
  if (!Array.isArray(pair) || pair.length !== 2) return null;
  const from = utcMillis(pair[0]);
  const until = utcMillis(pair[1]);
  return Number.isNaN(from) || Number.isNaN(until) ? null : { start: new Date(from), end: new Date(until) };
}

/**
 * busy_intervals' answer, `{"<practitioner id>": [[from, until], ...]}`, checked in one plain pass
 * (a full fortnight holds thousands of pairs: a zod schema per pair cost more than the query).
 */
export const busyAnswer = z.record(z.string(), z.unknown()).transform((raw, ctx) => {
  const busy: Record<string, { start: Date; end: Date }[]> = {};
  for (const [id, pairs] of Object.entries(raw)) {
    if (!Array.isArray(pairs)) {
      ctx.addIssue({ code: "custom", message: "not a list of [from, until] pairs", path: [id] });
      return z.NEVER;
    }
    const intervals: { start: Date; end: Date }[] = [];
    for (const [i, pair] of pairs.entries()) {
      const interval = timestampPair(pair);
      if (interval === null) {
        ctx.addIssue({ code: "custom", message: "not a [from, until] pair of UTC timestamps", path: [id, i] });
        return z.NEVER;
      }
      intervals.push(interval);
    }
    busy[id] = intervals;
  }
  return busy;
});

export const clinic = z.object({
  orgId,
  name: z.string(),
  zone,
  region,
  openingHours,
  slotMinutes: z.int().positive(),
  bufferMinutes: count,
  minNoticeMinutes: count,
  horizonDays: count,
  calendarId: z.string(),
});

export const practitioner = z.object({
  id: z.string(),
  orgId,
  name: z.string(),
  active: z.boolean(),
  calendarId: z.string().nullable(),
  openingHours: openingHours.nullable(),
});

export const service = z.object({
  id: z.string(),
  orgId,
  name: z.string(),
  synonyms: z.array(z.string()),
  durationMinutes: z.int().positive(),
  bufferBeforeMinutes: count,
  bufferAfterMinutes: count.nullable(),
  minNoticeMinutes: count.nullable(),
  practitionerIds: z.array(z.string()),
  active: z.boolean(),
});

export const bookingPolicy = z.object({
  /** A clinic row made outside save_clinic has no default service: "" names none, so a booking is refused (UNKNOWN_SERVICE). */
  defaultServiceId: z
    .string()
    .nullable()
    .transform((id) => id ?? ""),
  allowDurationOverride: z.boolean(),
  unknownServiceFallsBackToDefault: z.boolean(),
});

export const staff = z.object({
  practitioners: z.array(practitioner),
  services: z.array(service),
  policy: bookingPolicy,
});

/** `clinic_json` with its staff and settings version: the domain's `Clinic` (what `get_clinic` and a claimed job carry). */
export const clinicWithStaff = clinic.extend({ staff, settingsVersion: z.int().positive() });

export const vapiLinks = z.object({ assistantIds: z.array(z.string()), phoneNumberIds: z.array(z.string()) });

/** `{"clinic", "links"}` as the domain's `ClinicRecord` (`settings`, `vapi`). */
export const clinicRecord = z
  .object({ clinic, links: vapiLinks })
  .transform(({ clinic, links }) => ({ settings: clinic, vapi: links }));

export const claimedJob = z.object({
  id: z.int(),
  orgId,
  appointmentId: z.string(),
  version: z.int(),
  attempts: count,
  lastError: z.string().nullable(),
  appointment: appointment.nullable(),
  contact: z.object({ phone: phone.nullable(), email: email.nullable() }).nullable(),
  clinic: clinicWithStaff.nullable(),
});

const backlog = {
  due: count,
  scheduled: count,
  parked: count,
  oldestDueAt: instant.nullable(),
};

export const outboxSummary = z.object({
  ...backlog,
  clinics: z.array(z.object({ orgId, ...backlog })),
});

/** A `tenant_integrations` row as `integration_json` answers it: tokens still encrypted. */
export const sealedIntegration = z.object({
  orgId,
  provider: z.literal("google"),
  calendarId: z.string(),
  status: z.enum(["active", "reauth_required"]),
  statusReason: z.string().nullable(),
  accessTokenEncrypted: z.string().nullable(),
  refreshTokenEncrypted: z.string(),
  expiresAt: instant.nullable(),
  scope: z.string().nullable(),
});

export type SealedIntegration = z.output<typeof sealedIntegration>;
