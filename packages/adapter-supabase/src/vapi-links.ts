/**
 * @module vapi-links
 * Tenant identity for Vapi: the assistant and phone-number ids Vapi sends with a call, and the
 * ids a clinic owns (tables vapi_assistants, vapi_phone_numbers). The org of a call comes from
 * these, never from anything the language model writes.
 */

/** The ids Vapi sends with a call (`call.assistantId`, `call.phoneNumberId`). */
export interface VapiIds {
  readonly assistantId: string | null;
  readonly phoneNumberId: string | null;
}

/** A clinic's Vapi assistants and phone numbers: the calls that belong to it. */
export interface VapiLinks {
  readonly assistantIds: readonly string[];
  readonly phoneNumberIds: readonly string[];
}

/** `{"assistantIds": [...], "phoneNumberIds": [...]}` as the functions answer it. */
export function decodeLinks(v: unknown): VapiLinks {
  const links = v as { assistantIds?: unknown; phoneNumberIds?: unknown };
  if (!Array.isArray(links.assistantIds) || !Array.isArray(links.phoneNumberIds)) throw new Error("expected links");
  return { assistantIds: links.assistantIds.map(String), phoneNumberIds: links.phoneNumberIds.map(String) };
}
