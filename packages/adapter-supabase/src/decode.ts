/**
 * @module decode
 * The SQL functions' jsonb answers as domain values. The shapes are ours (see
 * supabase/migrations/*_json_helpers.sql); instants arrive as ISO strings and become Dates.
 */
import {
  type Appointment,
  type BookingReceipt,
  type ClinicSettings,
  type Contact,
  type ContactPath,
  DomainErrors,
  type Interval,
} from "@voxanne/domain";

type Json = Record<string, unknown>;

const record = (v: unknown): Json => {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`expected an object: ${String(v)}`);
  return v as Json;
};
const list = (v: unknown): unknown[] => {
  if (!Array.isArray(v)) throw new Error(`expected an array: ${String(v)}`);
  return v;
};
const date = (v: unknown): Date => new Date(String(v));

export function decodeAppointment(v: unknown): Appointment {
  const a = record(v);
  return {
    ...(a as unknown as Appointment),
    startsAt: date(a.startsAt),
    endsAt: date(a.endsAt),
    blocksUntil: date(a.blocksUntil),
  };
}

export function decodeContact(v: unknown): Contact {
  const c = record(v);
  return { id: c.id, orgId: c.orgId, phone: c.phone, email: c.email, name: c.name } as Contact;
}

export function decodeReceipt(v: unknown): BookingReceipt {
  const r = record(v);
  return {
    appointment: decodeAppointment(r.appointment),
    contact: decodeContact(r.contact),
    contactPath: r.contactPath as ContactPath,
  };
}

export const decodeAppointments = (v: unknown): Appointment[] => list(v).map(decodeAppointment);

export const decodeIntervals = (v: unknown): Interval[] =>
  list(v).map((i) => ({ start: date(record(i).start), end: date(record(i).end) }));

export const decodeClinic = (v: unknown): ClinicSettings => record(v) as unknown as ClinicSettings;

export const decodeClinics = (v: unknown): ClinicSettings[] => list(v).map(decodeClinic);

const strings = (v: unknown): string[] => list(v).map(String);

/** The refusals the functions answer with, as domain errors; each gets the whole `{"error", …}` answer. */
export const refusals = {
  SLOT_UNAVAILABLE: () => DomainErrors.slotUnavailable(),
  UNKNOWN_ORG: () => DomainErrors.unknownOrg(),
  APPOINTMENT_NOT_FOUND: () => DomainErrors.appointmentNotFound(),
  APPOINTMENT_CANCELLED: () => DomainErrors.appointmentCancelled(),
  CALENDAR_NOT_LINKED: () => DomainErrors.calendarNotLinked(),
  /** `{"error": "INVALID_INPUT", "field": "vapiAssistantIds", "ids": [...]}`: ids linked to another clinic. */
  INVALID_INPUT: (answer: Json) => {
    const ids = answer.ids === undefined ? [] : strings(answer.ids);
    const which = ids.length === 0 ? "" : `: ${ids.join(", ")}`;
    return DomainErrors.invalidInput(String(answer.field), `Already linked to another clinic${which}.`);
  },
} as const;

export type Refusal = ReturnType<(typeof refusals)[keyof typeof refusals]>;

/** `{"error": CODE, …}` → that refusal as a domain error, or `null` for a successful answer. */
export function refusalOf(v: unknown): Refusal | null {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const answer = v as Json;
  const e = answer.error;
  if (e === undefined || e === null) return null;
  if (typeof e === "string" && e in refusals) return refusals[e as keyof typeof refusals](answer);
  throw new Error(`unexpected refusal from the database: ${String(e)}`);
}
