/**
 * @module clinic/staff-validation
 * The checks a practitioner or a service must pass before it is written, each refusal an
 * `INVALID_INPUT` naming the field: a blank or too long name, a length or buffer out of range,
 * no practitioner for a service, opening windows that are malformed, inverted or overlap.
 */
import { err, ok, type Result } from "neverthrow";
import { DomainErrors, type InvalidInput } from "../errors/domain-error.ts";
import { TEXT_LIMITS } from "../values/text-limits.ts";
import { minutesOfDay, type OpeningHours, WEEKDAYS } from "./clinic-settings.ts";

export const SERVICE_MINUTES = { min: 5, max: 480 } as const;
export const MAX_BUFFER_MINUTES = 240;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const refuse = (field: string, message: string): Result<never, InvalidInput> =>
  err(DomainErrors.invalidInput(field, message));

/** A trimmed, non-blank name within the name limit. */
export function checkName(field: string, name: string): Result<string, InvalidInput> {
  const t = name.trim();
  if (t === "") return refuse(field, `${field} must not be blank.`);
  if ([...t].length > TEXT_LIMITS.name) return refuse(field, `${field} is longer than ${TEXT_LIMITS.name} characters.`);
  return ok(t);
}

/** An appointment length: a whole number of minutes from 5 to 480. */
export function checkDuration(field: string, minutes: number): Result<number, InvalidInput> {
  return Number.isInteger(minutes) && minutes >= SERVICE_MINUTES.min && minutes <= SERVICE_MINUTES.max
    ? ok(minutes)
    : refuse(
        field,
        `${field} must be a whole number of minutes from ${SERVICE_MINUTES.min} to ${SERVICE_MINUTES.max}.`,
      );
}

/** A buffer or a notice: a whole number of minutes from 0 (to `max`). */
export function checkMinutes(field: string, minutes: number, max = MAX_BUFFER_MINUTES): Result<number, InvalidInput> {
  return Number.isInteger(minutes) && minutes >= 0 && minutes <= max
    ? ok(minutes)
    : refuse(field, `${field} must be a whole number of minutes from 0 to ${max}.`);
}

/** Each day's windows well formed (`HH:mm`), closing after opening, and not overlapping one another. */
export function checkOpeningHours(field: string, hours: OpeningHours): Result<OpeningHours, InvalidInput> {
  for (const day of WEEKDAYS) {
    const windows = hours[day] ?? [];
    if (windows.some((w) => !HHMM.test(w.open) || !HHMM.test(w.close))) {
      return refuse(field, `${field}: a time is not HH:mm (day ${day}).`);
    }
    if (windows.some((w) => minutesOfDay(w.close) <= minutesOfDay(w.open))) {
      return refuse(field, `${field}: a window closes before it opens (day ${day}).`);
    }
    const sorted = [...windows].sort((a, b) => minutesOfDay(a.open) - minutesOfDay(b.open));
    if (sorted.some((w, i) => i > 0 && minutesOfDay(w.open) < minutesOfDay(sorted[i - 1]?.close ?? "00:00"))) {
      return refuse(field, `${field}: windows overlap (day ${day}).`);
    }
  }
  return ok(hours);
}

/** At least one practitioner, each named once. */
export function checkPractitionerIds(ids: readonly string[]): Result<readonly string[], InvalidInput> {
  if (ids.length === 0) return refuse("practitionerIds", "practitionerIds must name at least one practitioner.");
  if (new Set(ids).size !== ids.length) return refuse("practitionerIds", "practitionerIds names a practitioner twice.");
  return ok(ids);
}

/** A calendar id that is not blank (`null`: the clinic's calendar). */
export function checkCalendarId(id: string | null): Result<string | null, InvalidInput> {
  if (id === null) return ok(null);
  return id.trim() === "" ? refuse("calendarId", "calendarId must not be blank.") : ok(id.trim());
}
