/**
 * @module admin/catalog-input
 * A clinic's practitioners and services (and its booking policy) as an operator describes them:
 * strict schemas shared by the admin API and the CLI (an unknown field is refused, naming it),
 * their answers' shapes, and the mapping to the domain's inputs. Opening hours are written by
 * weekday name as for a clinic; `null` hours or calendar mean "the clinic's".
 */
import { z } from "@hono/zod-openapi";
import type {
  BookingPolicy,
  NewPractitionerInput,
  NewServiceInput,
  OpeningHours,
  Practitioner,
  PractitionerPatch,
  Service,
  ServicePatch,
} from "@voxanne/domain";
import { CLOSED_ALL_WEEK, hoursView, OpeningHoursInput, OpeningHoursPatch, patchHours } from "./clinic-input.ts";

const name = (example: string) => z.string().trim().min(1).max(200).openapi({ example });
const calendarId = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .nullable()
  .openapi({ example: "patel@group.calendar.google.com", description: "Their calendar; `null`: the clinic's" });
const minutes = (max: number, example: number) => z.number().int().min(0).max(max).openapi({ example });
const fields = {
  durationMinutes: z.number().int().min(5).max(480).openapi({ example: 30 }),
  bufferMinutes: minutes(240, 5)
    .nullable()
    .openapi({ description: "Kept free after each appointment; `null`: the clinic's bufferMinutes" }),
  bufferBeforeMinutes: minutes(240, 0).openapi({ description: "Kept free before each appointment" }),
  minNoticeMinutes: minutes(60 * 24 * 30, 60)
    .nullable()
    .openapi({ description: "Booking notice for this service; `null`: the clinic's" }),
  synonyms: z
    .array(z.string().trim().min(1).max(100))
    .max(20)
    .openapi({ example: ["checkup", "routine visit"], description: "Other ways callers say it" }),
  practitionerIds: z
    .array(z.string().trim().min(1).max(100))
    .min(1)
    .max(100)
    .openapi({ description: "Who offers it: ids of the clinic's practitioners" }),
};

export const PractitionerCreate = z
  .strictObject({
    name: name("Dr Patel").openapi({ description: "As a caller would say it" }),
    calendarId: calendarId.optional(),
    openingHours: OpeningHoursInput.nullable()
      .optional()
      .openapi({ description: "Their working hours (days left out: not working); absent or `null`: the clinic's" }),
  })
  .openapi("PractitionerCreate");

export const PractitionerChange = z
  .strictObject({
    name: name("Dr Patel").optional(),
    calendarId: calendarId.optional(),
    openingHours: OpeningHoursPatch.nullable()
      .optional()
      .openapi({ description: "Only the weekdays given change; `null`: back to the clinic's hours" }),
    active: z.boolean().optional().openapi({ description: "`false` deactivates: never offered or booked again" }),
  })
  .openapi("PractitionerPatch", { description: "JSON Merge Patch: only the fields given change" });

export const PractitionerView = z
  .object({
    id: z.string(),
    name: z.string(),
    active: z.boolean(),
    calendarId: z.string().nullable(),
    openingHours: OpeningHoursInput.nullable(),
  })
  .openapi("Practitioner");

export const ServiceCreate = z
  .strictObject({
    name: name("check-up").openapi({ description: "As a caller would say it" }),
    durationMinutes: fields.durationMinutes,
    bufferMinutes: fields.bufferMinutes.optional(),
    bufferBeforeMinutes: fields.bufferBeforeMinutes.optional(),
    minNoticeMinutes: fields.minNoticeMinutes.optional(),
    synonyms: fields.synonyms.optional(),
    practitionerIds: fields.practitionerIds,
  })
  .openapi("ServiceCreate");

export const ServiceChange = z
  .strictObject({
    name: name("check-up").optional(),
    durationMinutes: fields.durationMinutes.optional(),
    bufferMinutes: fields.bufferMinutes.optional(),
    bufferBeforeMinutes: fields.bufferBeforeMinutes.optional(),
    minNoticeMinutes: fields.minNoticeMinutes.optional(),
    synonyms: fields.synonyms.optional(),
    practitionerIds: fields.practitionerIds.optional(),
    active: z.boolean().optional().openapi({ description: "`false` deactivates: never offered or booked again" }),
  })
  .openapi("ServicePatch", { description: "JSON Merge Patch: only the fields given change; a list replaces" });

export const ServiceView = z
  .object({
    id: z.string(),
    name: z.string(),
    synonyms: z.array(z.string()),
    durationMinutes: z.number(),
    bufferMinutes: z.number().nullable(),
    bufferBeforeMinutes: z.number(),
    minNoticeMinutes: z.number().nullable(),
    practitionerIds: z.array(z.string()),
    active: z.boolean(),
  })
  .openapi("Service");

export const PolicyChange = z
  .strictObject({
    defaultServiceId: z.string().trim().min(1).max(100).optional().openapi({
      description: "The service booked when a caller names none",
    }),
    allowDurationOverride: z.boolean().optional().openapi({
      description: "Whether a caller's `duration` replaces the service's (otherwise it is ignored)",
    }),
    unknownServiceFallsBackToDefault: z.boolean().optional().openapi({
      description: "Whether a service the clinic does not offer books the default one instead of being refused",
    }),
  })
  .openapi("BookingPolicyPatch");

export const PolicyView = z
  .object({
    defaultServiceId: z.string(),
    allowDurationOverride: z.boolean(),
    unknownServiceFallsBackToDefault: z.boolean(),
  })
  .openapi("BookingPolicy");

export type PractitionerCreateInput = z.infer<typeof PractitionerCreate>;
export type PractitionerChangeInput = z.infer<typeof PractitionerChange>;
export type ServiceCreateInput = z.infer<typeof ServiceCreate>;
export type ServiceChangeInput = z.infer<typeof ServiceChange>;
export type PolicyChangeInput = z.infer<typeof PolicyChange>;

/** Only the keys whose value is given (exact optional properties: never `key: undefined`). */
function given<T extends object>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

const weekOf = (hours: PractitionerCreateInput["openingHours"]): OpeningHours | null | undefined =>
  hours === undefined || hours === null ? hours : patchHours(CLOSED_ALL_WEEK, hours);

export function newPractitioner(input: PractitionerCreateInput): NewPractitionerInput {
  return { name: input.name, ...given({ calendarId: input.calendarId, openingHours: weekOf(input.openingHours) }) };
}

/** The domain's patch: weekdays given are merged over `currentHours` (theirs, or the clinic's when they have none). */
export function practitionerPatch(input: PractitionerChangeInput, currentHours: OpeningHours): PractitionerPatch {
  const { openingHours, ...rest } = input;
  const hours =
    openingHours === undefined || openingHours === null ? openingHours : patchHours(currentHours, openingHours);
  return given({ ...rest, openingHours: hours });
}

export function newService(input: ServiceCreateInput): NewServiceInput {
  const { bufferMinutes, ...rest } = input;
  return { ...rest, bufferAfterMinutes: bufferMinutes };
}

export function servicePatch(input: ServiceChangeInput): ServicePatch {
  const { bufferMinutes, ...rest } = input;
  return given({ ...rest, bufferAfterMinutes: bufferMinutes });
}

export const practitionerView = (p: Practitioner): z.infer<typeof PractitionerView> => ({
  id: p.id,
  name: p.name,
  active: p.active,
  calendarId: p.calendarId,
  openingHours: p.openingHours === null ? null : hoursView(p.openingHours),
});

export const serviceView = (s: Service): z.infer<typeof ServiceView> => ({
  id: s.id,
  name: s.name,
  synonyms: [...s.synonyms],
  durationMinutes: s.durationMinutes,
  bufferMinutes: s.bufferAfterMinutes,
  bufferBeforeMinutes: s.bufferBeforeMinutes,
  minNoticeMinutes: s.minNoticeMinutes,
  practitionerIds: [...s.practitionerIds],
  active: s.active,
});

export const policyView = (p: BookingPolicy): z.infer<typeof PolicyView> => ({ ...p });
