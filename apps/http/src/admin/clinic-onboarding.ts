/**
 * @module admin/clinic-onboarding
 * Create, update and read clinics for an operator (REST and CLI share it). Vapi ids are checked
 * before anything is written, so a request naming another clinic's assistant changes nothing.
 */
import { type DomainError, DomainErrors, type IdGenerator, type OrgId, parseOrgId } from "@voxanne/domain";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import type { ClinicAdmin, TenantDirectory, VapiLinks } from "../app-services.ts";
import {
  applyClinicInput,
  type ClinicCreateInput,
  type ClinicUpdateInput,
  type ClinicView,
  clinicView,
  newClinicSettings,
} from "./clinic-input.ts";

export interface Onboarding {
  readonly admin: ClinicAdmin;
  readonly tenants: TenantDirectory;
  readonly ids: IdGenerator;
}

export function createClinic(o: Onboarding, input: ClinicCreateInput): ResultAsync<ClinicView, DomainError> {
  const orgId = input.id === undefined ? o.ids.next().map((id) => id as OrgId) : okAsync(input.id as OrgId);
  return orgId.andThen((id) =>
    o.admin
      .getClinic(id)
      .andThen(() =>
        errAsync<ClinicView, DomainError>(DomainErrors.invalidInput("id", "A clinic with this id already exists.")),
      )
      .orElse((e) => (e.code === "UNKNOWN_ORG" ? write(o, newClinicSettings(id, input), input) : errAsync(e))),
  );
}

export function updateClinic(
  o: Onboarding,
  rawId: string,
  input: ClinicUpdateInput,
): ResultAsync<ClinicView, DomainError> {
  return okAsync(rawId)
    .andThen((raw) => parseOrgId(raw))
    .andThen((orgId) => o.admin.getClinic(orgId))
    .andThen((current) => write(o, applyClinicInput(current, input), input));
}

export function readClinic(o: Onboarding, rawId: string): ResultAsync<ClinicView, DomainError> {
  return okAsync(rawId)
    .andThen((raw) => parseOrgId(raw))
    .andThen((orgId) => o.admin.getClinic(orgId))
    .andThen((settings) => o.admin.getVapiLinks(settings.orgId).map((links) => clinicView(settings, links)));
}

export function listClinics(o: Onboarding): ResultAsync<ClinicView[], DomainError> {
  return o.admin
    .listClinics()
    .andThen((all) =>
      ResultAsync.combine(all.map((s) => o.admin.getVapiLinks(s.orgId).map((links) => clinicView(s, links)))),
    );
}

function write(
  o: Onboarding,
  settings: Parameters<ClinicAdmin["saveClinic"]>[0],
  input: ClinicUpdateInput,
): ResultAsync<ClinicView, DomainError> {
  const wanted =
    input.vapiAssistantIds === undefined && input.vapiPhoneNumberIds === undefined
      ? null
      : { assistantIds: input.vapiAssistantIds, phoneNumberIds: input.vapiPhoneNumberIds };
  return checkLinksFree(o, settings.orgId, wanted)
    .andThen(() => o.admin.saveClinic(settings))
    .andThen((saved) =>
      o.admin
        .getVapiLinks(saved.orgId)
        .andThen((current) =>
          wanted === null
            ? okAsync(current)
            : o.admin.setVapiLinks(saved.orgId, {
                assistantIds: wanted.assistantIds ?? current.assistantIds,
                phoneNumberIds: wanted.phoneNumberIds ?? current.phoneNumberIds,
              }),
        )
        .map((links) => clinicView(saved, links)),
    );
}

type WantedLinks = {
  assistantIds: readonly string[] | undefined;
  phoneNumberIds: readonly string[] | undefined;
} | null;

/** Refuses, before any write, an assistant or number id that already belongs to another clinic. */
function checkLinksFree(o: Onboarding, orgId: OrgId, wanted: WantedLinks): ResultAsync<void, DomainError> {
  if (wanted === null) return okAsync(undefined);
  const checks: ResultAsync<void, DomainError>[] = [
    ...(wanted.assistantIds ?? []).map((id) =>
      ownerCheck(o, orgId, { assistantId: id, phoneNumberId: null }, "vapiAssistantIds"),
    ),
    ...(wanted.phoneNumberIds ?? []).map((id) =>
      ownerCheck(o, orgId, { assistantId: null, phoneNumberId: id }, "vapiPhoneNumberIds"),
    ),
  ];
  return ResultAsync.combine(checks).map(() => undefined);
}

function ownerCheck(
  o: Onboarding,
  orgId: OrgId,
  ids: { assistantId: string | null; phoneNumberId: string | null },
  field: keyof Pick<ClinicCreateInput, "vapiAssistantIds" | "vapiPhoneNumberIds">,
): ResultAsync<void, DomainError> {
  const id = ids.assistantId ?? ids.phoneNumberId;
  return o.tenants
    .orgForVapi(ids)
    .andThen((owner) =>
      owner === orgId
        ? okAsync<void, DomainError>(undefined)
        : errAsync<void, DomainError>(DomainErrors.invalidInput(field, `${id} already belongs to another clinic.`)),
    )
    .orElse((e) => (e.code === "UNKNOWN_ORG" ? okAsync<void, DomainError>(undefined) : errAsync(e)));
}

export type { VapiLinks };
