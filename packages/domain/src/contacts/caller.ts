/**
 * @module contacts/caller
 * Who is calling, and which contacts they may act for (M1). The caller ID (`customer.number`)
 * proves the contact with that phone; from another number, or with the number withheld, the
 * caller must give the phone AND the email on file, both matching the same contact. An email
 * alone proves nothing (it is not a secret). Stores apply `isCallersContact` inside the one
 * transaction that reads or changes the appointment, so a check and its change cannot be
 * separated; the SQL functions implement the same rule (`caller_owns`, supabase/schemas).
 */
import { ok, type Result } from "neverthrow";
import type { InvalidEmail, InvalidInput, InvalidPhone } from "../errors/domain-error.ts";
import type { Email } from "../values/email.ts";
import { type PhoneNumber, parsePhoneNumber, type Region } from "../values/phone-number.ts";
import type { Contact } from "./contact.ts";
import { parseGivenEmail, present } from "./contact-details.ts";

/** What the edge knows about the caller, as given. */
export interface RawCaller {
  /** The number the call comes from (`customer.number`); absent or null when withheld. */
  readonly callerNumber?: string | null | undefined;
  /** The phone number the caller gave, if any. */
  readonly phone?: string | null | undefined;
  /** The email address the caller gave, if any. */
  readonly email?: string | null | undefined;
}

/** The caller's credentials, normalised. */
export interface CallerProof {
  /** The caller ID in E.164; absent or null when withheld or not a phone number. */
  readonly callerId?: PhoneNumber | null;
  /** The phone the caller gave; counts only together with `email`. */
  readonly phone: PhoneNumber | null;
  /** The email the caller gave; counts only together with `phone`. */
  readonly email: Email | null;
}

export type CallerError = InvalidPhone | InvalidEmail | InvalidInput;

/**
 * Reads the caller's credentials in the clinic's region. An unreadable caller ID proves nothing
 * (it is not the caller's mistake); a phone or email the caller gave that cannot be read is
 * refused, so they can say it again.
 */
export function parseCaller(raw: RawCaller, region: Region): Result<CallerProof, CallerError> {
  const callerId = present(raw.callerNumber) ? parsePhoneNumber(raw.callerNumber, region).unwrapOr(null) : null;
  const phone: Result<PhoneNumber | null, CallerError> = present(raw.phone)
    ? parsePhoneNumber(raw.phone, region)
    : ok(null);
  const email: Result<Email | null, CallerError> = present(raw.email) ? parseGivenEmail(raw.email) : ok(null);
  return phone.andThen((p) => email.map((e) => ({ callerId, phone: p, email: e })));
}

/** Whether the caller may see and change this contact's appointments (M1). */
export function isCallersContact(proof: CallerProof, contact: Pick<Contact, "phone" | "email">): boolean {
  const callerId = proof.callerId ?? null;
  if (contact.phone === null) return false;
  if (callerId !== null && contact.phone === callerId) return true;
  return proof.phone !== null && proof.email !== null && contact.phone === proof.phone && contact.email === proof.email;
}

/**
 * What a lookup is about: the caller's own number when they give no other (their email, if
 * given, adds nothing), else the phone and email they gave, without the caller ID. `null` when
 * that proves nobody: no caller ID and not both details, or another number without its email.
 */
export function lookupProof(proof: CallerProof): CallerProof | null {
  const callerId = proof.callerId ?? null;
  if (callerId !== null && (proof.phone === null || proof.phone === callerId)) {
    return { callerId, phone: null, email: null };
  }
  if (proof.phone !== null && proof.email !== null) return { callerId: null, phone: proof.phone, email: proof.email };
  return null;
}
