/**
 * @module sql-clinic-directory
 * The domain's `ClinicDirectory` over the clinic functions (supabase/schemas: clinics): settings
 * and Vapi ids read together and saved together, in one call and one transaction, so an id
 * another clinic holds is refused inside the write and nothing is written.
 */
import {
  type Clinic,
  type ClinicDirectory,
  type ClinicRecord,
  DomainErrors,
  isUuid,
  type OrgId,
  type SaveClinicCommand,
  type SaveClinicError,
  type StoreUnavailable,
  type UnknownOrg,
  type VapiLinks,
} from "@voxanne/domain";
import { errAsync, type ResultAsync } from "neverthrow";
import { z } from "zod";
import { clinicRecord, clinicWithStaff } from "./answer-shapes.ts";
import { SqlFunctions } from "./function-call.ts";
import type { RpcCaller } from "./rpc.ts";

const settings = z.object({ clinic: clinicWithStaff }).transform((a) => a.clinic);

const FIELDS = { assistantIds: "vapiAssistantIds", phoneNumberIds: "vapiPhoneNumberIds" } as const;

/** Only the lists given: an absent one keeps the clinic's ids. */
function linksOf(vapi: Partial<VapiLinks>): { assistantIds?: readonly string[]; phoneNumberIds?: readonly string[] } {
  return {
    ...(vapi.assistantIds === undefined ? {} : { assistantIds: vapi.assistantIds }),
    ...(vapi.phoneNumberIds === undefined ? {} : { phoneNumberIds: vapi.phoneNumberIds }),
  };
}

/** The field of the first list holding a blank id, or `null`. */
function blankField(vapi: Partial<VapiLinks>): string | null {
  for (const key of ["assistantIds", "phoneNumberIds"] as const) {
    if (vapi[key]?.some((id) => id.trim() === "")) return FIELDS[key];
  }
  return null;
}

export class SqlClinicDirectory implements ClinicDirectory {
  private readonly functions: SqlFunctions;

  constructor(rpc: RpcCaller) {
    this.functions = new SqlFunctions(rpc);
  }

  getClinic(orgId: OrgId): ResultAsync<Clinic, UnknownOrg | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    return this.functions.call("get_clinic", { p_org_id: orgId }, settings, ["UNKNOWN_ORG"]);
  }

  getClinicRecord(orgId: OrgId): ResultAsync<ClinicRecord, UnknownOrg | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    return this.functions.call("get_clinic_record", { p_org_id: orgId }, clinicRecord, ["UNKNOWN_ORG"]);
  }

  listClinics(): ResultAsync<ClinicRecord[], StoreUnavailable> {
    return this.functions.call("list_clinics", {}, z.array(clinicRecord));
  }

  saveClinic(command: SaveClinicCommand): ResultAsync<ClinicRecord, SaveClinicError> {
    if (!isUuid(command.settings.orgId)) {
      return errAsync(
        command.mode === "update"
          ? DomainErrors.unknownOrg()
          : DomainErrors.invalidInput("id", "A clinic id must be a UUID."),
      );
    }
    const blank = blankField(command.vapi);
    if (blank !== null) return errAsync(DomainErrors.invalidInput(blank, "An id is blank."));
    return this.functions.call(
      "save_clinic",
      { p_mode: command.mode, p_clinic: { ...command.settings }, p_links: linksOf(command.vapi) },
      clinicRecord,
      ["UNKNOWN_ORG", "INVALID_INPUT"],
    );
  }
}
