/**
 * @module ports/clinic-catalog.port
 * Managing a clinic's practitioners and services and its booking policy. Each write is one atomic
 * operation that checks what only the store can (the clinic exists, the ids named are the
 * clinic's) and writes nothing when it refuses; input is validated by the use cases
 * (use-cases/manage-catalog.ts) first. Nothing is ever deleted: deactivating sets `active: false`,
 * so past appointments keep naming who and what they were.
 */
import type { ResultAsync } from "neverthrow";
import type { BookingPolicy, ClinicStaff } from "../clinic/clinic.ts";
import type { OpeningHours } from "../clinic/clinic-settings.ts";
import type { Practitioner } from "../clinic/practitioner.ts";
import type { Service } from "../clinic/service.ts";
import type { InvalidInput, NotInCatalog, StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

/** A practitioner's fields that may change (an absent one stays). */
export interface PractitionerPatch {
  readonly name?: string;
  readonly active?: boolean;
  readonly calendarId?: string | null;
  readonly openingHours?: OpeningHours | null;
}

/** A service's fields that may change (an absent one stays). */
export interface ServicePatch {
  readonly name?: string;
  readonly synonyms?: readonly string[];
  readonly durationMinutes?: number;
  readonly bufferBeforeMinutes?: number;
  readonly bufferAfterMinutes?: number | null;
  readonly minNoticeMinutes?: number | null;
  readonly practitionerIds?: readonly string[];
  readonly active?: boolean;
}

export type CatalogError = InvalidInput | NotInCatalog | UnknownOrg | StoreUnavailable;

export interface ClinicCatalog {
  /** Every practitioner and service of the clinic (inactive ones included) and its policy. */
  getStaff(orgId: OrgId): ResultAsync<ClinicStaff, UnknownOrg | StoreUnavailable>;

  /** Adds a practitioner (its `id` chosen by the caller); an id in use is `INVALID_INPUT` on `id`. */
  createPractitioner(practitioner: Practitioner): ResultAsync<Practitioner, CatalogError>;

  /** Changes a practitioner; an id the clinic does not have is `NOT_IN_CATALOG`. */
  patchPractitioner(
    orgId: OrgId,
    practitionerId: string,
    patch: PractitionerPatch,
  ): ResultAsync<Practitioner, CatalogError>;

  /**
   * Adds a service; a practitioner id the clinic does not have is `INVALID_INPUT` on
   * `practitionerIds`, an id in use `INVALID_INPUT` on `id`.
   */
  createService(service: Service): ResultAsync<Service, CatalogError>;

  /** Changes a service (refusals as `createService`; an unknown service id is `NOT_IN_CATALOG`). */
  patchService(orgId: OrgId, serviceId: string, patch: ServicePatch): ResultAsync<Service, CatalogError>;

  /** Changes the policy; a `defaultServiceId` the clinic does not have (or inactive) is `INVALID_INPUT` on it. */
  setPolicy(orgId: OrgId, policy: Partial<BookingPolicy>): ResultAsync<BookingPolicy, CatalogError>;
}
