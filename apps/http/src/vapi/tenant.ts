/**
 * @module vapi/tenant
 * Which clinic a Vapi call is for, from what the clinic's owner configured: the assistant or
 * dialled number mapped to a clinic in our database. Only where `allowMetadata` is on (the
 * default outside production, `ALLOW_METADATA_TENANT=true` in production) may
 * `assistant.metadata.org_id`, else the old flat call's `customer.metadata.org_id`, name it when
 * no mapping matches. Never from the tool arguments the model writes.
 */
import { type DomainError, DomainErrors, type OrgId, parseOrgId, type TenantDirectory } from "@voxanne/domain";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { CallIdentity } from "./vapi-message.ts";

export interface TenantSources {
  readonly tenants: TenantDirectory;
  /** Whether the metadata fallbacks may name the clinic (`AppServices.allowMetadataTenant`). */
  readonly allowMetadata: boolean;
}

export function resolveOrg(sources: TenantSources, identity: CallIdentity): ResultAsync<OrgId, DomainError> {
  const fromMetadata = (): ResultAsync<OrgId, DomainError> => {
    const raw = sources.allowMetadata ? (identity.assistantOrgId ?? identity.customerOrgId) : null;
    if (raw === null) return errAsync(DomainErrors.unknownOrg());
    return parseOrgId(raw).match(
      (orgId) => okAsync(orgId),
      (e) => errAsync(e),
    );
  };
  if (identity.assistantId === null && identity.phoneNumberId === null) return fromMetadata();
  return sources.tenants
    .orgForVapi({ assistantId: identity.assistantId, phoneNumberId: identity.phoneNumberId })
    .orElse((e) => (e.code === "UNKNOWN_ORG" ? fromMetadata() : errAsync(e)));
}
