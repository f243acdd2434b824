/**
 * @module admin/clinic-input
 * A clinic as an operator describes it (REST body or CLI flags): name, zone, region, opening
 * hours by weekday name, booking rules and its Vapi assistant / phone-number ids. One schema for
 * both, turned into the domain's `ClinicSettings` (defaults for a new clinic, merge for an update).
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
  .object({ open: hhmm, close: hhmm })
  .refine((w) => w.open < w.close, "open must be before close")
  .openapi({ example: { open: "09:00", close: "17:30" } });
const Day = z.array(Window);

export const OpeningHoursInput = z
  .object(Object.fromEntries(DAY_NAMES.map((d) => [d, Day.optional()])) as Record<DayName, z.ZodOptional<typeof Day>>)
  .openapi("OpeningHours", {
    description: "Opening windows per weekday; a day left out or empty is closed",
    example: { monday: [{ open: "09:00", close: "17:30" }], saturday: [] },
  });

const fields = {
  name: z.string().trim().min(1).max(200).openapi({ example: "Harbour Street Clinic" }),
  zone: z.string().refine(isValidZone, "an IANA time zone such as Europe/London").openapi({ example: "Europe/London" }),
  region: z
    .string()
    .refine(isRegion, "a country code such as GB (phone numbers are read in it)")
    .openapi({ example: "GB" }),
  openingHours: OpeningHoursInput,
  slotMinutes: z.number().int().min(5).max(480),
  bufferMinutes: z.number().int().min(0).max(240),
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30),
  horizonDays: z.number().int().min(1).max(730),
  calendarId: z.string().trim().min(1).max(300).openapi({ example: "primary" }),
  vapiAssistantIds: z.array(z.string().trim().min(1)).max(50),
  vapiPhoneNumberIds: z.array(z.string().trim().min(1)).max(50),
};

export const ClinicCreate = z
  .object({
    id: z.uuid().optional().openapi({ description: "Chosen by the server when left out" }),
    name: fields.name,
    zone: fields.zone.optional(),
    region: fields.region.optional(),
    openingHours: fields.openingHours.optional(),
    slotMinutes: fields.slotMinutes.optional(),
    bufferMinutes: fields.bufferMinutes.optional(),
    minNoticeMinutes: fields.minNoticeMinutes.optional(),
    horizonDays: fields.horizonDays.optional(),
    calendarId: fields.calendarId.optional(),
    vapiAssistantIds: fields.vapiAssistantIds.optional(),
    vapiPhoneNumberIds: fields.vapiPhoneNumberIds.optional(),
  })
  .openapi("ClinicCreate");

export const ClinicUpdate = ClinicCreate.omit({ id: true }).partial().openapi("ClinicUpdate");

export const Clinic = z
  .object({
    id: z.uuid(),
    name: fields.name,
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
export type ClinicUpdateInput = z.infer<typeof ClinicUpdate>;
export type ClinicView = z.infer<typeof Clinic>;

const dayNumber = (name: DayName) => (DAY_NAMES.indexOf(name) + 1) as Weekday;

function toOpeningHours(input: z.infer<typeof OpeningHoursInput>): OpeningHours {
  const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as OpeningWindow[]])) as Record<Weekday, OpeningWindow[]>;
  for (const name of DAY_NAMES) hours[dayNumber(name)] = (input[name] ?? []).map((w) => ({ ...w }));
  return hours;
}

/** The settings after applying `input` over `base` (a new clinic's defaults, or the stored clinic). */
export function applyClinicInput(base: ClinicSettings, input: ClinicUpdateInput): ClinicSettings {
  return {
    orgId: base.orgId,
    name: input.name ?? base.name,
    zone: input.zone ?? base.zone,
    region: (input.region ?? base.region) as ClinicSettings["region"],
    openingHours: input.openingHours === undefined ? base.openingHours : toOpeningHours(input.openingHours),
    slotMinutes: input.slotMinutes ?? base.slotMinutes,
    bufferMinutes: input.bufferMinutes ?? base.bufferMinutes,
    minNoticeMinutes: input.minNoticeMinutes ?? base.minNoticeMinutes,
    horizonDays: input.horizonDays ?? base.horizonDays,
    calendarId: input.calendarId ?? base.calendarId,
  };
}

export function newClinicSettings(orgId: OrgId, input: ClinicCreateInput): ClinicSettings {
  return applyClinicInput(defaultClinicSettings(orgId, input.name), input);
}

export function clinicView(
  settings: ClinicSettings,
  links: { assistantIds: readonly string[]; phoneNumberIds: readonly string[] },
): ClinicView {
  const openingHours = Object.fromEntries(
    DAY_NAMES.map((name) => [name, settings.openingHours[dayNumber(name)].map((w) => ({ ...w }))]),
  );
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
