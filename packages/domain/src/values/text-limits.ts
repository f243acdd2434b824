/**
 * @module values/text-limits
 * How long a stored text may be: a name, an email, a service type. A longer one is refused with
 * a speakable `INVALID_INPUT` naming the field before anything is written; the SQL schema holds
 * the same limits as CHECK constraints, as a backstop.
 */
import { err, ok, type Result } from "neverthrow";
import { DomainErrors, type InvalidInput } from "../errors/domain-error.ts";

/** The most characters (Unicode code points, as Postgres's `char_length` counts) each field keeps. */
export const TEXT_LIMITS = { name: 200, email: 254, serviceType: 100 } as const;

export type LimitedField = keyof typeof TEXT_LIMITS;

const TOO_LONG: Readonly<Record<LimitedField, string>> = {
  name: "That name is longer than we can keep. Could you give me a shorter form of it?",
  email: "That email address is longer than we can keep. Could you give me another one?",
  serviceType:
    "That's a longer description than we can keep. Could you say what the appointment is for in a few words?",
};

/** Code points, counted only as far as needed: a UTF-16 length within the limit is always within it. */
function codePointsWithin(value: string, limit: number): boolean {
  if (value.length <= limit) return true;
  if (value.length > limit * 2) return false;
  let count = 0;
  for (const _ of value) {
    count += 1;
    if (count > limit) return false;
  }
  return true;
}

/** `value` unchanged when it fits `field`'s limit; otherwise `INVALID_INPUT` naming the field. */
export function withinLimit(field: LimitedField, value: string): Result<string, InvalidInput> {
  return codePointsWithin(value, TEXT_LIMITS[field])
    ? ok(value)
    : err(DomainErrors.invalidInput(field, TOO_LONG[field]));
}
