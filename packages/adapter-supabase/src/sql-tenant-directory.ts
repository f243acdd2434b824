/**
 * @module sql-tenant-directory
 * The domain's `TenantDirectory` over `org_for_vapi` (supabase/schemas: tenants): the clinic a
 * Vapi call belongs to, from the assistant id (which wins) or the dialled number's id.
 */
import {
  DomainErrors,
  type OrgId,
  type StoreUnavailable,
  type TenantDirectory,
  type UnknownOrg,
  type VapiIds,
} from "@voxanne/domain";
import { errAsync, type ResultAsync } from "neverthrow";
import { z } from "zod";
import { orgId } from "./answer-shapes.ts";
import { SqlFunctions } from "./function-call.ts";
import type { RpcCaller } from "./rpc.ts";

const mapped = z.object({ orgId }).transform((a) => a.orgId);

export class SqlTenantDirectory implements TenantDirectory {
  private readonly functions: SqlFunctions;

  constructor(rpc: RpcCaller) {
    this.functions = new SqlFunctions(rpc);
  }

  orgForVapi(ids: VapiIds): ResultAsync<OrgId, UnknownOrg | StoreUnavailable> {
    if (ids.assistantId === null && ids.phoneNumberId === null) return errAsync(DomainErrors.unknownOrg());
    return this.functions.call(
      "org_for_vapi",
      { p_assistant_id: ids.assistantId, p_phone_number_id: ids.phoneNumberId },
      mapped,
      ["UNKNOWN_ORG"],
    );
  }
}
