/**
 * @module contacts/contact-details
 * What the caller said, normalised. Neither phone nor email is refused, and so is a name or an
 * email longer than we keep (values/text-limits).
 */
import { err, ok, type Result } from "neverthrow";
import {
  DomainErrors,
  type InvalidEmail,
  type InvalidInput,
  type InvalidPhone,
  type MissingContactInfo,
} from "../errors/domain-error.ts";
import { type Email, parseEmail } from "../values/email.ts";
import { type PhoneNumber, parsePhoneNumber, type Region } from "../values/phone-number.ts";
import { withinLimit } from "../values/text-limits.ts";
import type { ContactDetails } from "./contact.ts";

export interface RawContactDetails {
  readonly phone?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly name?: string | null | undefined;
}

export type ContactDetailsError = MissingContactInfo | InvalidPhone | InvalidEmail | InvalidInput;

export const present = (s: string | null | undefined): s is string => s !== undefined && s !== null && s.trim() !== "";

/** A given email, normalised; one longer than we keep is `INVALID_INPUT` (field `email`). */
export function parseGivenEmail(raw: string): Result<Email, InvalidEmail | InvalidInput> {
  return withinLimit("email", raw.trim()).andThen(parseEmail);
}

export function parseContactDetails(
  raw: RawContactDetails,
  region: Region,
): Result<ContactDetails, ContactDetailsError> {
  const name: Result<string | null, InvalidInput> = present(raw.name)
    ? withinLimit("name", raw.name.trim().replace(/\s+/g, " "))
    : ok(null);
  const phone: Result<PhoneNumber | null, InvalidPhone> = present(raw.phone)
    ? parsePhoneNumber(raw.phone, region)
    : ok(null);
  const email: Result<Email | null, InvalidEmail | InvalidInput> = present(raw.email)
    ? parseGivenEmail(raw.email)
    : ok(null);
  return name.andThen((n) =>
    phone.andThen((p) =>
      email.andThen((e): Result<ContactDetails, ContactDetailsError> => {
        if (p !== null) return ok({ phone: p, email: e, name: n });
        if (e !== null) return ok({ phone: null, email: e, name: n });
        return err(DomainErrors.missingContactInfo());
      }),
    ),
  );
}
