/** @module contacts/contact  A clinic's patient record, and the details a caller gives us. */
import type { Email } from "../values/email.ts";
import type { OrgId } from "../values/org-id.ts";
import type { PhoneNumber } from "../values/phone-number.ts";

export interface Contact {
  readonly id: string;
  readonly orgId: OrgId;
  readonly phone: PhoneNumber | null;
  readonly email: Email | null;
  readonly name: string | null;
}

/** Normalised caller details: a phone, an email, or both (never neither). */
export type ContactDetails =
  | { readonly phone: PhoneNumber; readonly email: Email | null; readonly name: string | null }
  | { readonly phone: null; readonly email: Email; readonly name: string | null };

/**
 * How a booking found its contact: `phone` (existing contact with that phone), `promoted`
 * (an existing phone-less contact with that email now has the phone), `email` (existing contact
 * with that email, no phone given), `created` (a new contact).
 */
export type ContactPath = "phone" | "promoted" | "email" | "created";
