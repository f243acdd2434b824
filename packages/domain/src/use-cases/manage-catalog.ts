/**
 * @module use-cases/manage-catalog
 * The admin's use cases for a clinic's practitioners and services: list, add, change, deactivate
 * (a change with `active: false`; nothing is ever deleted) and the booking policy. Input is
 * validated here (a refusal names the field, nothing is written); what only the store can check
 * (the clinic exists, the practitioners named are the clinic's) it checks in its one atomic write.
 */
import { ok, type Result, type ResultAsync, safeTry } from "neverthrow";
import type { BookingPolicy, ClinicStaff } from "../clinic/clinic.ts";
import type { OpeningHours } from "../clinic/clinic-settings.ts";
import type { Practitioner } from "../clinic/practitioner.ts";
import type { Service } from "../clinic/service.ts";
import {
  checkCalendarId,
  checkDuration,
  checkMinutes,
  checkName,
  checkOpeningHours,
  checkPractitionerIds,
} from "../clinic/staff-validation.ts";
import type { DomainError, InvalidInput, StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import type { CatalogError, ClinicCatalog, PractitionerPatch, ServicePatch } from "../ports/clinic-catalog.port.ts";
import type { IdGenerator } from "../ports/id-generator.port.ts";
import type { OrgId } from "../values/org-id.ts";

export interface CatalogDeps {
  readonly catalog: ClinicCatalog;
  readonly ids: IdGenerator;
}

export interface NewPractitionerInput {
  readonly name: string;
  readonly calendarId?: string | null | undefined;
  readonly openingHours?: OpeningHours | null | undefined;
}

export interface NewServiceInput {
  readonly name: string;
  readonly durationMinutes: number;
  readonly practitionerIds: readonly string[];
  readonly synonyms?: readonly string[] | undefined;
  /** Shorthand for `bufferAfterMinutes` (the public contract's name). */
  readonly bufferMinutes?: number | undefined;
  readonly bufferBeforeMinutes?: number | undefined;
  readonly bufferAfterMinutes?: number | null | undefined;
  readonly minNoticeMinutes?: number | null | undefined;
}

export function listStaff(deps: CatalogDeps, orgId: OrgId): ResultAsync<ClinicStaff, UnknownOrg | StoreUnavailable> {
  return deps.catalog.getStaff(orgId);
}

export function addPractitioner(
  deps: CatalogDeps,
  orgId: OrgId,
  input: NewPractitionerInput,
): ResultAsync<Practitioner, DomainError> {
  return safeTry(async function* () {
    const checked = yield* checkPractitionerPatch({
      name: input.name,
      calendarId: input.calendarId ?? null,
      openingHours: input.openingHours ?? null,
    });
    const id = yield* deps.ids.next();
    return ok(
      yield* deps.catalog.createPractitioner({
        id,
        orgId,
        name: checked.name ?? input.name,
        active: true,
        calendarId: checked.calendarId ?? null,
        openingHours: checked.openingHours ?? null,
      }),
    );
  });
}

export function changePractitioner(
  deps: CatalogDeps,
  orgId: OrgId,
  practitionerId: string,
  patch: PractitionerPatch,
): ResultAsync<Practitioner, CatalogError> {
  return checkPractitionerPatch(patch).asyncAndThen((p) => deps.catalog.patchPractitioner(orgId, practitionerId, p));
}

export function addService(deps: CatalogDeps, orgId: OrgId, input: NewServiceInput): ResultAsync<Service, DomainError> {
  return safeTry(async function* () {
    const after = input.bufferAfterMinutes === undefined ? (input.bufferMinutes ?? null) : input.bufferAfterMinutes;
    const checked = yield* checkServicePatch({
      name: input.name,
      durationMinutes: input.durationMinutes,
      practitionerIds: input.practitionerIds,
      synonyms: input.synonyms ?? [],
      bufferBeforeMinutes: input.bufferBeforeMinutes ?? 0,
      bufferAfterMinutes: after,
      minNoticeMinutes: input.minNoticeMinutes ?? null,
    });
    const id = yield* deps.ids.next();
    return ok(
      yield* deps.catalog.createService({
        id,
        orgId,
        name: checked.name ?? input.name,
        synonyms: checked.synonyms ?? [],
        durationMinutes: checked.durationMinutes ?? input.durationMinutes,
        bufferBeforeMinutes: checked.bufferBeforeMinutes ?? 0,
        bufferAfterMinutes: checked.bufferAfterMinutes ?? null,
        minNoticeMinutes: checked.minNoticeMinutes ?? null,
        practitionerIds: checked.practitionerIds ?? input.practitionerIds,
        active: true,
      }),
    );
  });
}

export function changeService(
  deps: CatalogDeps,
  orgId: OrgId,
  serviceId: string,
  patch: ServicePatch,
): ResultAsync<Service, CatalogError> {
  return checkServicePatch(patch).asyncAndThen((p) => deps.catalog.patchService(orgId, serviceId, p));
}

export function changePolicy(
  deps: CatalogDeps,
  orgId: OrgId,
  policy: Partial<BookingPolicy>,
): ResultAsync<BookingPolicy, CatalogError> {
  return deps.catalog.setPolicy(orgId, policy);
}

/** The patch with its given fields checked (trimmed names). */
export function checkPractitionerPatch(patch: PractitionerPatch): Result<PractitionerPatch, InvalidInput> {
  return safeTry(function* () {
    const name = patch.name === undefined ? {} : { name: yield* checkName("name", patch.name) };
    const calendarId = patch.calendarId === undefined ? {} : { calendarId: yield* checkCalendarId(patch.calendarId) };
    const hours =
      patch.openingHours === undefined || patch.openingHours === null
        ? {}
        : { openingHours: yield* checkOpeningHours("openingHours", patch.openingHours) };
    return ok({ ...patch, ...name, ...calendarId, ...hours });
  });
}

/** The patch with its given fields checked (trimmed names and synonyms). */
export function checkServicePatch(patch: ServicePatch): Result<ServicePatch, InvalidInput> {
  return safeTry(function* () {
    const name = patch.name === undefined ? {} : { name: yield* checkName("name", patch.name) };
    const synonyms: string[] = [];
    for (const s of patch.synonyms ?? []) synonyms.push(yield* checkName("synonyms", s));
    if (patch.durationMinutes !== undefined) yield* checkDuration("durationMinutes", patch.durationMinutes);
    if (patch.bufferBeforeMinutes !== undefined) yield* checkMinutes("bufferBeforeMinutes", patch.bufferBeforeMinutes);
    const after = patch.bufferAfterMinutes ?? null;
    if (after !== null) yield* checkMinutes("bufferMinutes", after);
    const notice = patch.minNoticeMinutes ?? null;
    if (notice !== null) yield* checkMinutes("minNoticeMinutes", notice, 60 * 24 * 30);
    if (patch.practitionerIds !== undefined) yield* checkPractitionerIds(patch.practitionerIds);
    return ok({ ...patch, ...name, ...(patch.synonyms === undefined ? {} : { synonyms }) });
  });
}
