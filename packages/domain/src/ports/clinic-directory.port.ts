/**
 * @module ports/clinic-directory.port
 * The clinics: their booking rules (`ClinicSettings`) and the Vapi assistant and phone-number ids
 * that route calls to them. Saving settings and ids is one atomic operation: an id that belongs to
 * another clinic is refused inside it and nothing is written.
 */
import type { ResultAsync } from "neverthrow";
import type { Clinic } from "../clinic/clinic.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { InvalidInput, StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

/** The Vapi ids mapped to one clinic (each id belongs to at most one clinic), sorted. */
export interface VapiLinks {
  readonly assistantIds: readonly string[];
  readonly phoneNumberIds: readonly string[];
}

/** A clinic as an operator sees it: its settings and its Vapi ids. */
export interface ClinicRecord {
  readonly settings: ClinicSettings;
  readonly vapi: VapiLinks;
}

export interface SaveClinicCommand {
  /** `create` refuses an id that exists (`INVALID_INPUT` on `id`); `update` refuses an unknown one (`UNKNOWN_ORG`). */
  readonly mode: "create" | "update";
  readonly settings: ClinicSettings;
  /** The ids to map, each list replacing the clinic's; an absent list keeps the clinic's current ids. */
  readonly vapi: Partial<VapiLinks>;
}

export type SaveClinicError = InvalidInput | UnknownOrg | StoreUnavailable;

export interface ClinicDirectory {
  /**
   * The clinic's settings with its practitioners, services and booking policy (one read: the
   * booking hot path's), or `UNKNOWN_ORG`.
   */
  getClinic(orgId: OrgId): ResultAsync<Clinic, UnknownOrg | StoreUnavailable>;

  /** The clinic's settings and Vapi ids, or `UNKNOWN_ORG`. */
  getClinicRecord(orgId: OrgId): ResultAsync<ClinicRecord, UnknownOrg | StoreUnavailable>;

  /** Every clinic with its Vapi ids, ordered by name (then id), in one read. */
  listClinics(): ResultAsync<ClinicRecord[], StoreUnavailable>;

  /**
   * Atomically writes the settings and the Vapi ids, and answers the clinic as stored. Creating
   * a clinic also gives it its default practitioner and default service (`defaultStaff`). A blank
   * id, or one mapped to another clinic, is `INVALID_INPUT` on `vapiAssistantIds` /
   * `vapiPhoneNumberIds` and nothing is written.
   */
  saveClinic(command: SaveClinicCommand): ResultAsync<ClinicRecord, SaveClinicError>;
}
