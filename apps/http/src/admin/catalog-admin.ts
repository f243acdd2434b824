/**
 * @module admin/catalog-admin
 * The operator's practitioner, service and policy requests (REST and CLI share it) turned into the
 * domain's catalog use cases (`manage-catalog`: validation and the atomic writes are there), and
 * their answers into the operator's view. Deactivating is a change of `active`: nothing is deleted.
 */
import {
  addPractitioner,
  addService,
  type CatalogDeps,
  type ClinicDirectory,
  changePolicy,
  changePractitioner,
  changeService,
  type DomainError,
  DomainErrors,
  hoursOf,
  listStaff,
  type OrgId,
  parseOrgId,
} from "@voxanne/domain";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import {
  newPractitioner,
  newService,
  type PolicyChangeInput,
  type PractitionerChangeInput,
  type PractitionerCreateInput,
  policyView,
  practitionerPatch,
  practitionerView,
  type ServiceChangeInput,
  type ServiceCreateInput,
  servicePatch,
  serviceView,
} from "./catalog-input.ts";

export interface CatalogAdmin extends CatalogDeps {
  readonly clinics: ClinicDirectory;
}

type Answer<T> = ResultAsync<T, DomainError>;
type PractitionerAnswer = ReturnType<typeof practitionerView>;
type ServiceAnswer = ReturnType<typeof serviceView>;

const org = (rawId: string): Answer<OrgId> => parseOrgId(rawId).asyncAndThen((id) => okAsync(id));

export function listPractitioners(a: CatalogAdmin, rawId: string): Answer<PractitionerAnswer[]> {
  return org(rawId)
    .andThen((orgId) => listStaff(a, orgId))
    .map((staff) => staff.practitioners.map(practitionerView));
}

export function createPractitioner(
  a: CatalogAdmin,
  rawId: string,
  input: PractitionerCreateInput,
): Answer<PractitionerAnswer> {
  return org(rawId)
    .andThen((orgId) => addPractitioner(a, orgId, newPractitioner(input)))
    .map(practitionerView);
}

/** Weekdays given in `openingHours` are merged over the practitioner's current hours (or the clinic's). */
export function updatePractitioner(
  a: CatalogAdmin,
  rawId: string,
  id: string,
  input: PractitionerChangeInput,
): Answer<PractitionerAnswer> {
  return org(rawId).andThen((orgId) =>
    a.clinics
      .getClinic(orgId)
      .andThen((clinic) => {
        const current = clinic.staff.practitioners.find((p) => p.id === id);
        if (current === undefined) return errAsync(DomainErrors.notInCatalog("practitioner", id));
        return okAsync(hoursOf(clinic, current));
      })
      .andThen((hours) => changePractitioner(a, orgId, id, practitionerPatch(input, hours)))
      .map(practitionerView),
  );
}

export function listServices(a: CatalogAdmin, rawId: string): Answer<ServiceAnswer[]> {
  return org(rawId)
    .andThen((orgId) => listStaff(a, orgId))
    .map((staff) => staff.services.map(serviceView));
}

export function createService(a: CatalogAdmin, rawId: string, input: ServiceCreateInput): Answer<ServiceAnswer> {
  return org(rawId)
    .andThen((orgId) => addService(a, orgId, newService(input)))
    .map(serviceView);
}

export function updateService(
  a: CatalogAdmin,
  rawId: string,
  id: string,
  input: ServiceChangeInput,
): Answer<ServiceAnswer> {
  return org(rawId)
    .andThen((orgId) => changeService(a, orgId, id, servicePatch(input)))
    .map(serviceView);
}

export function readPolicy(a: CatalogAdmin, rawId: string): Answer<ReturnType<typeof policyView>> {
  return org(rawId)
    .andThen((orgId) => listStaff(a, orgId))
    .map((staff) => policyView(staff.policy));
}

export function updatePolicy(
  a: CatalogAdmin,
  rawId: string,
  input: PolicyChangeInput,
): Answer<ReturnType<typeof policyView>> {
  const { defaultServiceId, allowDurationOverride, unknownServiceFallsBackToDefault } = input;
  const patch = {
    ...(defaultServiceId === undefined ? {} : { defaultServiceId }),
    ...(allowDurationOverride === undefined ? {} : { allowDurationOverride }),
    ...(unknownServiceFallsBackToDefault === undefined ? {} : { unknownServiceFallsBackToDefault }),
  };
  return org(rawId)
    .andThen((orgId) => changePolicy(a, orgId, patch))
    .map(policyView);
}
