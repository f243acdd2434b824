/** @module use-cases/resolve-contact  ContactResolution on its own: find or create the caller's contact. */
import type { ResultAsync } from "neverthrow";
import type { Contact, ContactPath } from "../contacts/contact.ts";
import { parseContactDetails, type RawContactDetails } from "../contacts/contact-details.ts";
import type { DomainError } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";
import type { BookingDeps } from "./deps.ts";

export function resolveContact(
  deps: Pick<BookingDeps, "store" | "clinics">,
  orgId: OrgId,
  raw: RawContactDetails,
): ResultAsync<{ contact: Contact; path: ContactPath }, DomainError> {
  return deps.clinics
    .getClinic(orgId)
    .andThen((settings) => parseContactDetails(raw, settings.region))
    .andThen((details) => deps.store.resolveContact(orgId, details));
}
