/** @module contacts/contact-details  What the caller said, normalised; neither phone nor email is refused. */
import { err, ok, type Result } from "neverthrow";
import { DomainErrors, type InvalidEmail, type InvalidPhone, type MissingContactInfo } from "../errors/domain-error.ts";
import { type Email, parseEmail } from "../values/email.ts";
import { type PhoneNumber, parsePhoneNumber, type Region } from "../values/phone-number.ts";
import type { ContactDetails } from "./contact.ts";

export interface RawContactDetails {
  readonly phone?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly name?: string | null | undefined;
}

export type ContactDetailsError = MissingContactInfo | InvalidPhone | InvalidEmail;

const present = (s: string | null | undefined): s is string => s !== undefined && s !== null && s.trim() !== "";

export function parseContactDetails(
  raw: RawContactDetails,
  region: Region,
): Result<ContactDetails, ContactDetailsError> {
  const name = present(raw.name) ? raw.name.trim().replace(/\s+/g, " ") : null;
  const phone: Result<PhoneNumber | null, InvalidPhone> = present(raw.phone)
    ? parsePhoneNumber(raw.phone, region)
    : ok(null);
  const email: Result<Email | null, InvalidEmail> = present(raw.email) ? parseEmail(raw.email) : ok(null);
  return phone.andThen((p) =>
    email.andThen((e): Result<ContactDetails, ContactDetailsError> => {
      if (p !== null) return ok({ phone: p, email: e, name });
      if (e !== null) return ok({ phone: null, email: e, name });
      return err(DomainErrors.missingContactInfo());
    }),
  );
}
