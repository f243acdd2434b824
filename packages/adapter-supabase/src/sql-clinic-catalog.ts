/**
 * @module sql-clinic-catalog
 * The domain's `ClinicCatalog` over the catalog functions (supabase/schemas/45_clinic_catalog.sql):
 * each write one call and one transaction, refusing (and writing nothing) for an unknown clinic,
 * an id in use, a practitioner the clinic does not have, or an inactive default service.
 */
import {
  type BookingPolicy,
  type CatalogError,
  type ClinicCatalog,
  type ClinicStaff,
  DomainErrors,
  isUuid,
  type OrgId,
  type Practitioner,
  type PractitionerPatch,
  type Service,
  type ServicePatch,
  type StoreUnavailable,
  type UnknownOrg,
} from "@voxanne/domain";
import { errAsync, type ResultAsync } from "neverthrow";
import { z } from "zod";
import { bookingPolicy, practitioner, service, staff } from "./answer-shapes.ts";
import { SqlFunctions } from "./function-call.ts";
import type { RpcCaller } from "./rpc.ts";

const answered = {
  staff: z.object({ staff }).transform((a) => a.staff),
  practitioner: z.object({ practitioner }).transform((a) => a.practitioner),
  service: z.object({ service }).transform((a) => a.service),
  policy: z.object({ policy: bookingPolicy }).transform((a) => a.policy),
};

const WRITE_REFUSALS = ["UNKNOWN_ORG", "INVALID_INPUT", "NOT_IN_CATALOG"] as const;

/** Ids in the database are UUIDs: another id names nothing there. */
const badId = (field: string) => errAsync(DomainErrors.invalidInput(field, `${field} must be a UUID.`));

export class SqlClinicCatalog implements ClinicCatalog {
  private readonly functions: SqlFunctions;

  constructor(rpc: RpcCaller) {
    this.functions = new SqlFunctions(rpc);
  }

  getStaff(orgId: OrgId): ResultAsync<ClinicStaff, UnknownOrg | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    return this.functions.call("get_staff", { p_org_id: orgId }, answered.staff, ["UNKNOWN_ORG"]);
  }

  createPractitioner(p: Practitioner): ResultAsync<Practitioner, CatalogError> {
    if (!isUuid(p.orgId)) return errAsync(DomainErrors.unknownOrg());
    if (!isUuid(p.id)) return badId("id");
    return this.functions.call("create_practitioner", { p: { ...p } }, answered.practitioner, WRITE_REFUSALS);
  }

  patchPractitioner(orgId: OrgId, id: string, patch: PractitionerPatch): ResultAsync<Practitioner, CatalogError> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    if (!isUuid(id)) return errAsync(DomainErrors.notInCatalog("practitioner", id));
    return this.functions.call(
      "patch_practitioner",
      { p_org_id: orgId, p_id: id, p_patch: { ...patch } },
      answered.practitioner,
      WRITE_REFUSALS,
    );
  }

  createService(s: Service): ResultAsync<Service, CatalogError> {
    if (!isUuid(s.orgId)) return errAsync(DomainErrors.unknownOrg());
    if (!isUuid(s.id)) return badId("id");
    if (!s.practitionerIds.every(isUuid)) return badId("practitionerIds");
    return this.functions.call("create_service", { s: { ...s } }, answered.service, WRITE_REFUSALS);
  }

  patchService(orgId: OrgId, id: string, patch: ServicePatch): ResultAsync<Service, CatalogError> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    if (!isUuid(id)) return errAsync(DomainErrors.notInCatalog("service", id));
    if (patch.practitionerIds !== undefined && !patch.practitionerIds.every(isUuid)) return badId("practitionerIds");
    return this.functions.call(
      "patch_service",
      { p_org_id: orgId, p_id: id, p_patch: { ...patch } },
      answered.service,
      WRITE_REFUSALS,
    );
  }

  setPolicy(orgId: OrgId, policy: Partial<BookingPolicy>): ResultAsync<BookingPolicy, CatalogError> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    return this.functions.call(
      "set_booking_policy",
      { p_org_id: orgId, p_policy: { ...policy } },
      answered.policy,
      WRITE_REFUSALS,
    );
  }
}
