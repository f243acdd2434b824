/**
 * @module ports/tenant-directory.port
 * Which clinic a Vapi call belongs to, from the ids Vapi sends (never from what the model writes).
 */
import type { ResultAsync } from "neverthrow";
import type { StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

/** The ids of a Vapi call that can name a clinic; `null` when the call has none. */
export interface VapiIds {
  readonly assistantId: string | null;
  readonly phoneNumberId: string | null;
}

export interface TenantDirectory {
  /** The clinic mapped to the assistant, else to the dialled number, else `UNKNOWN_ORG`. */
  orgForVapi(ids: VapiIds): ResultAsync<OrgId, UnknownOrg | StoreUnavailable>;
}
