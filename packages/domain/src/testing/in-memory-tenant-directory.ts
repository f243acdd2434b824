/**
 * @module testing/in-memory-tenant-directory
 * Which clinic a Vapi call belongs to, read from the Vapi id tables the in-memory clinic
 * directory writes: the assistant's clinic, else the dialled number's, else `UNKNOWN_ORG`.
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { DomainErrors, type StoreUnavailable, type UnknownOrg } from "../errors/domain-error.ts";
import type { TenantDirectory, VapiIds } from "../ports/tenant-directory.port.ts";
import type { OrgId } from "../values/org-id.ts";
import type { MemoryDatabase } from "./memory-database.ts";

export class InMemoryTenantDirectory implements TenantDirectory {
  private readonly db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.db = db;
  }

  orgForVapi(ids: VapiIds): ResultAsync<OrgId, UnknownOrg | StoreUnavailable> {
    const byAssistant = ids.assistantId === null ? undefined : this.db.vapiOwner("assistantIds", ids.assistantId);
    const byNumber = ids.phoneNumberId === null ? undefined : this.db.vapiOwner("phoneNumberIds", ids.phoneNumberId);
    const orgId = byAssistant ?? byNumber;
    return orgId === undefined ? errAsync(DomainErrors.unknownOrg()) : okAsync(orgId);
  }
}
