/**
 * @module vapi/tenant
 * Which clinic a Vapi call is for, from what the clinic's owner configured: the assistant or
 * dialled number mapped to a clinic in our database, else `assistant.metadata.org_id`, else the
 * old flat call's `customer.metadata.org_id`. Never from the tool arguments the model writes.
 */
import { type DomainError, DomainErrors, type OrgId, parseOrgId, type TenantDirectory } from "@voxanne/domain";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { CallIdentity } from "./vapi-message.ts";

export function resolveOrg(tenants: TenantDirectory, identity: CallIdentity): ResultAsync<OrgId, DomainError> {
  const fromMetadata = (): ResultAsync<OrgId, DomainError> => {
    const raw = identity.assistantOrgId ?? identity.customerOrgId;
    if (raw === null) return errAsync(DomainErrors.unknownOrg());
    return parseOrgId(raw).match(
      (orgId) => okAsync(orgId),
      (e) => errAsync(e),
    );
  };
  if (identity.assistantId === null && identity.phoneNumberId === null) return fromMetadata();
  return tenants
    .orgForVapi({ assistantId: identity.assistantId, phoneNumberId: identity.phoneNumberId })
    .orElse((e) => (e.code === "UNKNOWN_ORG" ? fromMetadata() : errAsync(e)));
}
