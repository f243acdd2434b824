/**
 * @module vapi/tool-arguments
 * The arguments of each Vapi tool as zod schemas: the same schemas validate what the model sends
 * and produce the JSON Schema served at `/api/vapi/tool-definitions`. Parsing is forgiving where
 * models are sloppy (nulls and empty strings mean "not given", numbers may come as strings) and
 * strict where a guess would book the wrong thing (ids). A day may be a date or the caller's
 * words ("tomorrow", "next Tuesday"), handed to the domain, which resolves them in the clinic's
 * zone or refuses them.
 */
import { DomainErrors, type InvalidInput } from "@voxanne/domain";
import { err, ok, type Result } from "neverthrow";
import { z } from "zod";

const date = (what: string) =>
  z
    .string()
    .min(1)
    .max(40)
    .describe(
      `${what} as YYYY-MM-DD in the clinic's time zone, e.g. 2026-12-03 (or as the caller said it: today, tomorrow, next Tuesday)`,
    );
const time = (what: string) =>
  z.string().min(1).max(40).describe(`${what} in the clinic's time zone, e.g. 14:30, 2:30pm, 2.30pm or noon`);
const duration = z
  .number()
  .int()
  .min(5)
  .max(480)
  .describe("Length in minutes; leave out: the service's length (used only where the clinic allows it)");
const service = z
  .string()
  .max(200)
  .describe("The treatment as the caller said it, e.g. check-up; leave out for the clinic's standard appointment");
const practitioner = z
  .string()
  .max(200)
  .describe("Who the caller wants to see, e.g. Dr Patel; leave out (or say anyone) when they have no preference");
const appointmentId = z.uuid().describe("The appointment id given when it was booked or found");
const patientPhone = z
  .string()
  .max(64)
  .describe("The patient's phone number; leave out to use the number they are calling from");
const patientEmail = z.string().describe("The patient's email address, if they give one");

export const bookClinicAppointmentArgs = z.object({
  appointmentDate: date("The appointment day"),
  appointmentTime: time("The start time"),
  patientName: z.string().describe("The patient's full name").optional(),
  patientPhone: patientPhone.optional(),
  patientEmail: patientEmail.optional(),
  service: service.optional(),
  practitioner: practitioner.optional(),
  serviceType: z.string().describe("Older name of `service`: read as it when `service` is left out").optional(),
  duration: duration.optional(),
});

export const checkAvailabilityArgs = z.object({
  date: date("The first day to look at (default: today)").optional(),
  endDate: date("The last day to look at, for a range of days").optional(),
  time: time("A specific time to check on that day").optional(),
  service: service.optional(),
  practitioner: practitioner.optional(),
  duration: duration.optional(),
});

export const cancelAppointmentArgs = z.object({
  appointmentId,
  patientPhone: patientPhone.optional(),
  patientEmail: patientEmail.optional(),
});

export const rescheduleAppointmentArgs = z.object({
  appointmentId,
  newDate: date("The new day"),
  newTime: time("The new start time"),
  practitioner: z
    .string()
    .max(200)
    .describe("Leave out to keep the same practitioner; a name, or anyone, to change")
    .optional(),
  duration: duration.optional(),
  patientPhone: patientPhone.optional(),
  patientEmail: patientEmail.optional(),
});

export const findAppointmentsArgs = z.object({
  patientPhone: patientPhone.optional(),
  patientEmail: patientEmail.optional(),
});

const NUMERIC = /^\s*\d+(\.\d+)?\s*$/;

/**
 * Keeps only the schema's own fields (so `constructor`, `toString` or `__proto__` are unknown
 * keys like any other, never a property of `Object.prototype`), drops nulls and blank strings,
 * turns numeric strings into numbers and numbers into strings where the schema wants them.
 */
function normalise(shape: z.ZodRawShape, raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(shape, key)) continue;
    if (value === null || (typeof value === "string" && value.trim() === "")) continue;
    const wanted = baseType(shape[key]);
    if (wanted === "number" && typeof value === "string" && NUMERIC.test(value)) out[key] = Number(value);
    else if (wanted === "string" && typeof value === "number") out[key] = String(value);
    else out[key] = value;
  }
  return out;
}

/** The type under `.optional()` wrappers; `undefined` for anything that is not a zod schema. */
function baseType(field: z.core.$ZodType | undefined): string | undefined {
  const def = field?._zod?.def;
  if (def === undefined) return undefined;
  if (def.type === "optional") return baseType((def as z.core.$ZodOptionalDef).innerType);
  return def.type;
}

/** What the caller hears when a field cannot be understood. */
const FIELD_MESSAGES: Record<string, string> = {
  appointmentDate: "I didn't catch the day. Which date would you like?",
  newDate: "I didn't catch the new day. Which date would you like?",
  date: "I didn't catch the day. Which date shall I check?",
  endDate: "I didn't catch the last day to check. Which date?",
  appointmentTime: "I didn't catch the time. What time would you like?",
  newTime: "I didn't catch the new time. What time would you like?",
  time: "I didn't catch the time. What time shall I check?",
  duration: "Appointments can be between 5 minutes and 8 hours long. How long should it be?",
  appointmentId: "I couldn't tell which appointment you mean. Shall I look up your appointments first?",
  patientName: "I didn't catch the name. Could you say it again?",
  patientPhone: "I didn't catch the phone number. Could you say it again?",
  patientEmail: "I didn't catch the email address. Could you spell it for me?",
  serviceType: "I didn't catch what the appointment is for.",
  service: "I didn't catch what the appointment is for. What would you like to book?",
  practitioner: "I didn't catch who you'd like to see. Could you say the name again?",
};

/** Validates a tool's arguments; the first problem becomes a speakable `INVALID_INPUT`. */
export function parseArguments<S extends z.ZodObject>(schema: S, raw: unknown): Result<z.output<S>, InvalidInput> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return err(DomainErrors.invalidInput("arguments", "I couldn't read that request. Could you say it again?"));
  }
  const args = normalise(schema.shape, raw as Record<string, unknown>);
  const unstorable = Object.keys(args).find((k) => typeof args[k] === "string" && args[k].includes("\u0000"));
  if (unstorable !== undefined) return err(refusal(unstorable));
  const parsed = schema.safeParse(args);
  if (parsed.success) return ok(parsed.data);
  return err(refusal(String(parsed.error.issues[0]?.path[0] ?? "arguments")));
}

/** The field's speakable refusal. A NUL byte (which Postgres cannot store) is refused like any unreadable value. */
function refusal(field: string): InvalidInput {
  const message = Object.hasOwn(FIELD_MESSAGES, field) ? FIELD_MESSAGES[field] : undefined;
  return DomainErrors.invalidInput(field, message ?? "I couldn't understand that. Could you say it again?");
}
