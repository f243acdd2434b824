/**
 * @module use-cases/service-scope
 * What a booking, a move or an availability question is about: the service (matched from what the
 * caller said) and who may take it (the practitioner named, or everyone offering it), with the
 * clinic's rules as they apply to the service. Misses become the refusals the caller hears.
 */
import { err, ok, type Result } from "neverthrow";
import type { Clinic } from "../clinic/clinic.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { Practitioner } from "../clinic/practitioner.ts";
import { type Service, settingsFor } from "../clinic/service.ts";
import { matchPractitioner, matchService, qualifiedFor, type ServiceAsk } from "../clinic/staff-matching.ts";
import { type DomainError, DomainErrors } from "../errors/domain-error.ts";
import { withinLimit } from "../values/text-limits.ts";

export interface ServiceScope {
  readonly clinic: Clinic;
  readonly service: Service;
  /** The clinic's settings with the service's buffer after and notice. */
  readonly rules: ClinicSettings;
  /** Who may take it: the practitioner named, or everyone offering it (service order). */
  readonly pool: readonly Practitioner[];
  /** The practitioner the caller named; `null`: anyone. */
  readonly named: Practitioner | null;
  /** Whether answers say who is free ("… with Dr Patel or Sam"): the service has several practitioners. */
  readonly sayWho: boolean;
}

export interface StaffAsk extends ServiceAsk {
  /** A name, or absent / "anyone". */
  readonly practitioner?: string | null | undefined;
}

/** The service and practitioners a caller asked for, or `UNKNOWN_SERVICE` / `UNKNOWN_PRACTITIONER`. */
export function resolveScope(clinic: Clinic, ask: StaffAsk): Result<ServiceScope, DomainError> {
  const matched = matchService(clinic.staff, ask);
  if (matched.kind === "unknown") return err(DomainErrors.unknownService(matched.asked, matched.offered));
  const who = matchPractitioner(clinic.staff, matched.service, ask.practitioner);
  if (who.kind === "unknown") return err(DomainErrors.unknownPractitioner(who.asked, who.offered));
  return ok(scopeOf(clinic, matched.service, who.kind === "named" ? who.practitioner : null));
}

/** The scope of a service for one practitioner (`named`) or for everyone offering it. */
export function scopeOf(clinic: Clinic, service: Service, named: Practitioner | null): ServiceScope {
  const qualified = qualifiedFor(clinic.staff, service);
  return {
    clinic,
    service,
    rules: settingsFor(clinic, service),
    pool: named === null ? qualified : [named],
    named,
    sayWho: qualified.length > 1,
  };
}

/** The legacy free-text service type, trimmed (blank is none), refused when longer than we keep. */
export function parseServiceNote(s: string | null | undefined): Result<string | null, DomainError> {
  const t = s?.trim() ?? "";
  return t === "" ? ok(null) : withinLimit("serviceType", t);
}
