/**
 * @module use-cases/onboard-clinic
 * An operator creates or changes a clinic: its booking rules and the Vapi assistant and number
 * ids that route calls to it. Each is one atomic directory call: the directory refuses, inside
 * that call, an id that belongs to another clinic (or a clinic id that exists, on create), and
 * then nothing is written. No pre-check round trips: a race cannot slip between check and write.
 */
import { okAsync, type ResultAsync } from "neverthrow";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { DomainError } from "../errors/domain-error.ts";
import type { ClinicDirectory, ClinicRecord, SaveClinicError, VapiLinks } from "../ports/clinic-directory.port.ts";
import type { IdGenerator } from "../ports/id-generator.port.ts";
import { type OrgId, parseOrgId } from "../values/org-id.ts";

export interface OnboardingDeps {
  readonly clinics: ClinicDirectory;
  readonly ids: IdGenerator;
}

export interface NewClinic {
  /** Chosen by the operator, or a new one when absent. */
  readonly orgId?: OrgId | undefined;
  /** The clinic's settings once its id is known. */
  readonly settings: (orgId: OrgId) => ClinicSettings;
  readonly vapi: Partial<VapiLinks>;
}

export interface ClinicChange {
  /** The new settings from the current ones (only what the operator named changes). */
  readonly settings: (current: ClinicSettings) => ClinicSettings;
  readonly vapi: Partial<VapiLinks>;
}

export function onboardClinic(deps: OnboardingDeps, clinic: NewClinic): ResultAsync<ClinicRecord, SaveClinicError> {
  const orgId = clinic.orgId === undefined ? deps.ids.next().andThen(parseOrgId) : okAsync(clinic.orgId);
  return orgId.andThen((id) =>
    deps.clinics.saveClinic({ mode: "create", settings: clinic.settings(id), vapi: clinic.vapi }),
  );
}

/** Changes a clinic: its current settings are read, changed, and written with the ids in one call. */
export function changeClinic(
  deps: Pick<OnboardingDeps, "clinics">,
  rawOrgId: string,
  change: ClinicChange,
): ResultAsync<ClinicRecord, DomainError> {
  return parseOrgId(rawOrgId)
    .asyncAndThen((orgId) => deps.clinics.getClinic(orgId))
    .andThen((current) =>
      deps.clinics.saveClinic({ mode: "update", settings: change.settings(current), vapi: change.vapi }),
    );
}
