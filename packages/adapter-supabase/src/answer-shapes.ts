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
const JSON_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:\+00:00|Z)$/;

/**
 * Such a timestamp in epoch milliseconds (the fraction cut to the millisecond, as a Date holds it),
 * or NaN. Read by hand: thousands of them in a full fortnight, and `Date.parse` is slower and
 * leaves more than three fraction digits to the engine.
 */
function utcMillis(raw: unknown): number {
  const m = typeof raw === "string" ? JSON_TIMESTAMP.exec(raw) : null;
  if (m === null) return Number.NaN;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hour, minute, second, Number((m[7] ?? "").padEnd(3, "0").slice(0, 3)));
  const exact = at.getUTCMonth() === month - 1 && at.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  return exact ? at.getTime() : Number.NaN;
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

/** `clinic_json` with its staff: the domain's `Clinic` (what `get_clinic` and a claimed job carry). */
export const clinicWithStaff = clinic.extend({ staff });

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
