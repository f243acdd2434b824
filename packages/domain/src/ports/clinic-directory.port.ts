/** @module ports/clinic-directory.port  Looks up a clinic's settings by its org id. */
import type { ResultAsync } from "neverthrow";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

export interface ClinicDirectory {
  /** The clinic's settings, or `UNKNOWN_ORG`. */
  getClinic(orgId: OrgId): ResultAsync<ClinicSettings, UnknownOrg | StoreUnavailable>;
}
