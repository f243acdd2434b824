/**
 * @module use-cases/current-settings
 * Runs a tool call with the clinic's settings as this instance has them cached, and makes sure
 * they were current: a booking judged with settings changed since (through another instance, the
 * CLI, plain SQL) is refused by the store as `SETTINGS_STALE`, having changed nothing. Then the
 * cache forgets the clinic and the Vapi mappings to it, the clinic is resolved afresh from the
 * call's ids (a Vapi id moved to another clinic is followed there, never booked in the old one)
 * and the call runs once more. A second `SETTINGS_STALE` (the clinic changed again meanwhile) is
 * answered: the caller hears "please try again".
 */
import { errAsync, type ResultAsync } from "neverthrow";
import type { DomainError } from "../errors/domain-error.ts";
import type { SettingsCacheControl } from "../settings-cache/settings-cache.ts";
import type { OrgId } from "../values/org-id.ts";

/** Which clinic the call is for; `afresh`: not from what an earlier resolution of this call found. */
export type ResolveClinic = (afresh?: boolean) => ResultAsync<OrgId, DomainError>;

export function withCurrentSettings<T>(
  cache: SettingsCacheControl,
  resolve: ResolveClinic,
  run: (orgId: OrgId) => ResultAsync<T, DomainError>,
): ResultAsync<T, DomainError> {
  return resolve().andThen((orgId) =>
    run(orgId).orElse((error) => {
      if (error.code !== "SETTINGS_STALE") return errAsync(error);
      cache.forgetClinic(orgId, error.judgedWith);
      return resolve(true).andThen(run);
    }),
  );
}
