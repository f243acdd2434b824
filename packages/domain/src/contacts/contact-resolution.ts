/**
 * @module contacts/contact-resolution
 * ContactResolution: which contact a booking belongs to (invariants C1–C3 of docs/architecture.md).
 *
 * - With a phone: the contact with that phone, its name and email updated. If none has it, a
 *   phone-less contact with the same email takes the phone (the caller who first booked by email
 *   does not become two contacts); otherwise a new contact.
 * - With only an email: the most recently updated contact with that email (name filled in when it
 *   had none), else a new phone-less contact.
 *
 * Stores apply this plan inside the same atomic operation that reads the contacts, so two
 * concurrent bookings can never both decide to create (C4). And resolutions of one phone or one
 * email are serialised (C5): the plan must see the contact a racing booking of the same person
 * just made, or a first booking with phone + email and one with the same email only, at once,
 * would each create a contact. The SQL function takes advisory locks on the phone, then the
 * email (`lock_contact_keys`) before reading; the in-memory store runs each booking as one
 * transaction. The property tests hold both to these rules, that race included.
 */
import type { Email } from "../values/email.ts";
import type { PhoneNumber } from "../values/phone-number.ts";
import type { Contact, ContactDetails, ContactPath } from "./contact.ts";

/** Contacts as a store keeps them: with a monotonically increasing update stamp. */
export interface StoredContact extends Contact {
  readonly updatedSeq: number;
}

export interface ContactChanges {
  readonly phone?: PhoneNumber;
  readonly email?: Email;
  readonly name?: string;
}

export type ContactPlan =
  | {
      readonly path: Exclude<ContactPath, "created">;
      readonly contact: StoredContact;
      readonly changes: ContactChanges;
    }
  | { readonly path: "created"; readonly details: ContactDetails };

export function planContactResolution(contacts: readonly StoredContact[], details: ContactDetails): ContactPlan {
  const { phone, email, name } = details;
  const withEmail = email === null ? [] : contacts.filter((c) => c.email === email);
  if (phone !== null) {
    const byPhone = contacts.find((c) => c.phone === phone);
    if (byPhone !== undefined) return { path: "phone", contact: byPhone, changes: changes({ email, name }) };
    const phoneless = latest(withEmail.filter((c) => c.phone === null));
    if (phoneless !== undefined) return { path: "promoted", contact: phoneless, changes: changes({ phone, name }) };
    return { path: "created", details };
  }
  const byEmail = latest(withEmail);
  if (byEmail === undefined) return { path: "created", details };
  return { path: "email", contact: byEmail, changes: byEmail.name === null ? changes({ name }) : {} };
}

function latest(contacts: readonly StoredContact[]): StoredContact | undefined {
  return contacts.reduce<StoredContact | undefined>(
    (a, c) => (a === undefined || c.updatedSeq > a.updatedSeq ? c : a),
    undefined,
  );
}

function changes(c: { phone?: PhoneNumber; email?: Email | null; name: string | null }): ContactChanges {
  return {
    ...(c.phone === undefined ? {} : { phone: c.phone }),
    ...(c.email === undefined || c.email === null ? {} : { email: c.email }),
    ...(c.name === null ? {} : { name: c.name }),
  };
}
