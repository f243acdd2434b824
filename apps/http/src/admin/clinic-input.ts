/**
 * @module admin/clinic-input
 * A clinic as an operator describes it (REST body or CLI flags): name, zone, region, opening
 * hours by weekday name, booking rules and its Vapi assistant / phone-number ids. Strict schemas
 * (an unknown field such as `timezone` is refused, naming it), shared by the admin API and the
 * CLI, turned into the domain's `ClinicSettings`: defaults for a new clinic; for a change, a JSON
 * Merge Patch (RFC 7386) over the stored clinic: a field or weekday left out keeps its value,
 * `null` clears a weekday (closed) or a list of Vapi ids.
 */
import { z } from "@hono/zod-openapi";
import {
  type ClinicSettings,
  defaultClinicSettings,
  isRegion,
  isValidZone,
  type OpeningHours,
  type OpeningWindow,
  type OrgId,
  WEEKDAYS,
  type Weekday,
} from "@voxanne/domain";

export const DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
type DayName = (typeof DAY_NAMES)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time as HH:mm");
const Window = z
  .strictObject({ open: hhmm, close: hhmm })
  .refine((w) => w.open < w.close, "open must be before close")
  .openapi({ example: { open: "09:00", close: "17:30" } });
const Day = z
  .array(Window)
  .max(24)
  .refine(inOrderWithoutOverlap, "the windows must be in order and must not overlap")
  .openapi({ description: "The day's opening windows, in order; empty: closed" });

function inOrderWithoutOverlap(windows: readonly OpeningWindow[]): boolean {
  return windows.every((w, i) => i === 0 || (windows[i - 1]?.close ?? "") <= w.open);
}

const days = <S extends z.ZodType>(day: S) =>
  Object.fromEntries(DAY_NAMES.map((d) => [d, day.optional()])) as Record<DayName, z.ZodOptional<S>>;

export const OpeningHoursInput = z.strictObject(days(Day)).openapi("OpeningHours", {
  description: "Opening windows per weekday; on a new clinic, a day left out or empty is closed",
  example: { monday: [{ open: "09:00", close: "17:30" }], saturday: [] },
});

export const OpeningHoursPatch = z.strictObject(days(Day.nullable())).openapi("OpeningHoursPatch", {
  description: "Only the weekdays given change: a list replaces the day's windows, `null` or `[]` closes it",
  example: { saturday: [{ open: "09:00", close: "12:00" }], sunday: null },
});

export const ZONE_RULE = "an IANA region zone such as Europe/London or America/New_York (not EST, UTC or GMT+1)";

const vapiIds = (example: string) =>
  z
    .array(z.string().trim().min(1).max(200))
    .max(50)
    .openapi({ example: [example] });

const fields = {
  name: z.string().trim().min(1).max(200).openapi({ example: "Harbour Street Clinic" }),
  zone: z
    .string()
    .refine(isValidZone, ZONE_RULE)
    .openapi({ example: "Europe/London", description: `The clinic's clock: ${ZONE_RULE}` }),
  region: z
    .string()
    .refine(isRegion, "a country code such as GB (phone numbers are read in it)")
    .openapi({ example: "GB" }),
  slotMinutes: z.number().int().min(5).max(480).openapi({ example: 30 }),
  bufferMinutes: z.number().int().min(0).max(240).openapi({ example: 0 }),
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30)
    .openapi({ example: 60 }),
  horizonDays: z.number().int().min(1).max(730).openapi({ example: 90 }),
  calendarId: z.string().trim().min(1).max(300).openapi({ example: "primary" }),
  vapiAssistantIds: vapiIds("asst_…"),
  vapiPhoneNumberIds: vapiIds("pn_…"),
};

export const ClinicCreate = z
  .strictObject({
    id: z.uuid().optional().openapi({ description: "Chosen by the server when left out" }),
    name: fields.name,
    zone: fields.zone.optional(),
    region: fields.region.optional(),
    openingHours: OpeningHoursInput.optional(),
    slotMinutes: fields.slotMinutes.optional(),
    bufferMinutes: fields.bufferMinutes.optional(),
    minNoticeMinutes: fields.minNoticeMinutes.optional(),
    horizonDays: fields.horizonDays.optional(),
    calendarId: fields.calendarId.optional(),
    vapiAssistantIds: fields.vapiAssistantIds.optional(),
    vapiPhoneNumberIds: fields.vapiPhoneNumberIds.optional(),
  })
  .openapi("ClinicCreate", {
    description: "A new clinic: only `name` is required; the rest defaults to London, GB, weekdays 09:00–17:30",
  });

export const ClinicPatch = z
  .strictObject({
    name: fields.name.optional(),
    zone: fields.zone.optional(),
    region: fields.region.optional(),
    openingHours: OpeningHoursPatch.optional(),
    slotMinutes: fields.slotMinutes.optional(),
    bufferMinutes: fields.bufferMinutes.optional(),
    minNoticeMinutes: fields.minNoticeMinutes.optional(),
    horizonDays: fields.horizonDays.optional(),
    calendarId: fields.calendarId.optional(),
    vapiAssistantIds: fields.vapiAssistantIds.nullable().optional(),
    vapiPhoneNumberIds: fields.vapiPhoneNumberIds.nullable().optional(),
  })
  .openapi("ClinicPatch", {
    description:
      "JSON Merge Patch (RFC 7386): only the fields given change; in `openingHours` only the weekdays given; " +
      "`null` closes a weekday or empties a list of Vapi ids (other fields cannot be removed)",
    example: { minNoticeMinutes: 120, openingHours: { saturday: [{ open: "09:00", close: "12:00" }] } },
  });

export const Clinic = z
  .object({
    id: z.uuid(),
    name: z.string(),
    zone: z.string(),
    region: z.string(),
    openingHours: OpeningHoursInput,
    slotMinutes: z.number(),
    bufferMinutes: z.number(),
    minNoticeMinutes: z.number(),
    horizonDays: z.number(),
    calendarId: z.string(),
    vapiAssistantIds: z.array(z.string()),
    vapiPhoneNumberIds: z.array(z.string()),
  })
  .openapi("Clinic");

export type ClinicCreateInput = z.infer<typeof ClinicCreate>;
export type ClinicPatchInput = z.infer<typeof ClinicPatch>;
export type ClinicView = z.infer<typeof Clinic>;

/** Fields an operator may mean under another name: said with the refusal. */
const LIKELY: Readonly<Record<string, string>> = {
  timezone: "zone",
  timeZone: "zone",
  time_zone: "zone",
  tz: "zone",
  country: "region",
  hours: "openingHours",
  opening_hours: "openingHours",
  slot: "slotMinutes",
  buffer: "bufferMinutes",
  notice: "minNoticeMinutes",
  horizon: "horizonDays",
  calendar: "calendarId",
  duration: "durationMinutes",
  durationMins: "durationMinutes",
  practitioners: "practitionerIds",
  bufferAfterMinutes: "bufferMinutes",
  assistantIds: "vapiAssistantIds",
  phoneNumberIds: "vapiPhoneNumberIds",
};

/** The first problem of a failed parse: the field's dotted path and what is wrong with it. */
export function firstProblem(error: z.ZodError, root = "body"): { field: string; problem: string } {
  const issue = error.issues[0];
  if (issue === undefined) return { field: root, problem: "invalid" };
  const path = issue.path.map(String);
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const likely = LIKELY[key];
    const hint = likely === undefined ? "" : ` (did you mean ${likely}?)`;
    return { field: [...path, key].join("."), problem: `not a field here${hint}` };
  }
  return { field: path.length === 0 ? root : path.join("."), problem: issue.message };
}

const dayNumber = (name: DayName) => (DAY_NAMES.indexOf(name) + 1) as Weekday;
const copy = (windows: readonly OpeningWindow[] | null | undefined): OpeningWindow[] =>
  (windows ?? []).map((w) => ({ open: w.open, close: w.close }));

/** Opening hours with the days given replaced (`null`: closed), the others kept from `base`. */
export function patchHours(
  base: OpeningHours,
  patch: Partial<Record<DayName, readonly OpeningWindow[] | null | undefined>>,
): OpeningHours {
  const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, copy(base[d])])) as Record<Weekday, OpeningWindow[]>;
  for (const name of DAY_NAMES) {
    if (patch[name] !== undefined) hours[dayNumber(name)] = copy(patch[name]);
  }
  return hours;
}

export const CLOSED_ALL_WEEK: OpeningHours = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };

/** The settings after merging `patch` over `base` (the stored clinic). */
export function applyClinicPatch(base: ClinicSettings, patch: ClinicPatchInput): ClinicSettings {
  return {
    orgId: base.orgId,
    name: patch.name ?? base.name,
    zone: patch.zone ?? base.zone,
    region: (patch.region ?? base.region) as ClinicSettings["region"],
    openingHours:
      patch.openingHours === undefined ? base.openingHours : patchHours(base.openingHours, patch.openingHours),
    slotMinutes: patch.slotMinutes ?? base.slotMinutes,
    bufferMinutes: patch.bufferMinutes ?? base.bufferMinutes,
    minNoticeMinutes: patch.minNoticeMinutes ?? base.minNoticeMinutes,
    horizonDays: patch.horizonDays ?? base.horizonDays,
    calendarId: patch.calendarId ?? base.calendarId,
  };
}

/** A new clinic's settings: the defaults, with what the operator gave (opening hours: only the days given are open). */
export function newClinicSettings(orgId: OrgId, input: ClinicCreateInput): ClinicSettings {
  const { openingHours, ...rest } = input;
  const settings = applyClinicPatch(defaultClinicSettings(orgId, input.name), rest);
  return openingHours === undefined
    ? settings
    : { ...settings, openingHours: patchHours(CLOSED_ALL_WEEK, openingHours) };
}

/** Opening hours by weekday name, as the admin API shows them. */
export function hoursView(hours: OpeningHours): Record<DayName, OpeningWindow[]> {
  return Object.fromEntries(DAY_NAMES.map((name) => [name, copy(hours[dayNumber(name)])])) as Record<
    DayName,
    OpeningWindow[]
  >;
}

export function clinicView(
  settings: ClinicSettings,
  links: { assistantIds: readonly string[]; phoneNumberIds: readonly string[] },
): ClinicView {
  const openingHours = hoursView(settings.openingHours);
  return {
    id: settings.orgId,
    name: settings.name,
    zone: settings.zone,
    region: settings.region,
    openingHours,
    slotMinutes: settings.slotMinutes,
    bufferMinutes: settings.bufferMinutes,
    minNoticeMinutes: settings.minNoticeMinutes,
    horizonDays: settings.horizonDays,
    calendarId: settings.calendarId,
    vapiAssistantIds: [...links.assistantIds],
    vapiPhoneNumberIds: [...links.phoneNumberIds],
  };
}
