/**
 * @module admin/clinic-onboarding
 * The operator's clinic requests (REST and CLI share it) turned into the domain's onboarding use
 * cases, and their answers into the operator's view of a clinic. The policy (one atomic write; an
 * id of another clinic refused inside it) is the domain's `onboardClinic` / `changeClinic`; a
 * change is a JSON Merge Patch over the stored clinic (`applyClinicPatch`).
 */
import {
  type ClinicDirectory,
  type ClinicRecord,
  changeClinic,
  type DomainError,
  type IdGenerator,
  type OrgId,
  onboardClinic,
  parseOrgId,
  type VapiLinks,
} from "@voxanne/domain";
import type { ResultAsync } from "neverthrow";
import {
  applyClinicPatch,
  type ClinicCreateInput,
  type ClinicPatchInput,
  type ClinicView,
  clinicView,
  newClinicSettings,
} from "./clinic-input.ts";

export interface Onboarding {
  readonly clinics: ClinicDirectory;
  readonly ids: IdGenerator;
}

const view = (record: ClinicRecord): ClinicView => clinicView(record.settings, record.vapi);

/** Only the id lists the operator gave: a list left out keeps the clinic's current ids, `null` empties it. */
function vapiLinksOf(input: Pick<ClinicPatchInput, "vapiAssistantIds" | "vapiPhoneNumberIds">): Partial<VapiLinks> {
  return {
    ...(input.vapiAssistantIds === undefined ? {} : { assistantIds: input.vapiAssistantIds ?? [] }),
    ...(input.vapiPhoneNumberIds === undefined ? {} : { phoneNumberIds: input.vapiPhoneNumberIds ?? [] }),
  };
}

export function createClinic(o: Onboarding, input: ClinicCreateInput): ResultAsync<ClinicView, DomainError> {
  return onboardClinic(o, {
    orgId: input.id === undefined ? undefined : (input.id.toLowerCase() as OrgId),
    settings: (orgId) => newClinicSettings(orgId, input),
    vapi: vapiLinksOf(input),
  }).map(view);
}

export function updateClinic(
  o: Onboarding,
  rawId: string,
  patch: ClinicPatchInput,
): ResultAsync<ClinicView, DomainError> {
  return changeClinic(o, rawId, {
    settings: (current) => applyClinicPatch(current, patch),
    vapi: vapiLinksOf(patch),
  }).map(view);
}

export function readClinic(o: Onboarding, rawId: string): ResultAsync<ClinicView, DomainError> {
  return parseOrgId(rawId)
    .asyncAndThen((orgId) => o.clinics.getClinicRecord(orgId))
    .map(view);
}

export function listClinics(o: Onboarding): ResultAsync<ClinicView[], DomainError> {
  return o.clinics.listClinics().map((all) => all.map(view));
}
