/**
 * @module clinic/staff-matching
 * What a caller said, matched to the clinic's services and practitioners: by name or synonym,
 * ignoring case, spacing and punctuation. Pure; the use cases turn a miss into a refusal.
 */
import { activePractitioners, activeServices, type ClinicStaff } from "./clinic.ts";
import type { Practitioner } from "./practitioner.ts";
import type { Service } from "./service.ts";

/** Lower case, letters and digits only, single spaces: "Check-Up " and "check up" are one name. */
export function normaliseName(s: string): string {
  return s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** How a booking asked for its service. */
export interface ServiceAsk {
  /** The tool's `service` argument. */
  readonly service?: string | null | undefined;
  /** The legacy `serviceType`: read as the service when it names one, else kept as a note. */
  readonly serviceType?: string | null | undefined;
}

export type ServiceMatch =
  | { readonly kind: "matched"; readonly service: Service }
  /** `service` named nothing the clinic offers (and it does not fall back to its default). */
  | { readonly kind: "unknown"; readonly asked: string; readonly offered: readonly string[] };

/** The active service whose name or a synonym is `said`, or `undefined`. */
export function findService(staff: ClinicStaff, said: string): Service | undefined {
  const wanted = normaliseName(said);
  if (wanted === "") return undefined;
  return activeServices(staff).find((s) => [s.name, ...s.synonyms].some((n) => normaliseName(n) === wanted));
}

export function defaultService(staff: ClinicStaff): Service | undefined {
  return staff.services.find((s) => s.id === staff.policy.defaultServiceId);
}

/**
 * The service a booking is for: `service` when it names one; else the legacy `serviceType` when
 * it names one; else the default service. A `service` naming none is `unknown` (with the names
 * the clinic offers) unless the clinic falls back to its default; a `serviceType` naming none is
 * only a note and books the default service.
 */
export function matchService(staff: ClinicStaff, ask: ServiceAsk): ServiceMatch {
  const fallback = defaultService(staff) ?? activeServices(staff)[0];
  const offered = activeServices(staff).map((s) => s.name);
  const said = ask.service?.trim() ?? "";
  if (said !== "") {
    const found = findService(staff, said);
    if (found !== undefined) return { kind: "matched", service: found };
    if (!staff.policy.unknownServiceFallsBackToDefault || fallback === undefined) {
      return { kind: "unknown", asked: said, offered };
    }
    return { kind: "matched", service: fallback };
  }
  const legacy = ask.serviceType?.trim() ?? "";
  const byLegacy = legacy === "" ? undefined : findService(staff, legacy);
  const chosen = byLegacy ?? fallback;
  return chosen === undefined ? { kind: "unknown", asked: legacy, offered } : { kind: "matched", service: chosen };
}

/** Words that mean "whoever is free". */
const ANYONE = new Set(["anyone", "anybody", "any", "whoever", "no preference", "any practitioner", "first available"]);

export type PractitionerMatch =
  | { readonly kind: "anyone" }
  | { readonly kind: "named"; readonly practitioner: Practitioner }
  /** Nobody of that name offers the service: `offered` are those who do. */
  | { readonly kind: "unknown"; readonly asked: string; readonly offered: readonly string[] };

/** The active practitioners who offer the service, in the service's order. */
export function qualifiedFor(staff: ClinicStaff, service: Service): Practitioner[] {
  const active = activePractitioners(staff);
  return service.practitionerIds.flatMap((id) => active.filter((p) => p.id === id));
}

/**
 * Who the caller asked for: absent, blank or "anyone" is anyone qualified; otherwise the
 * qualified practitioner of that name (case and spacing ignored; a name without its title, "Patel"
 * for "Dr Patel", matches when exactly one qualified practitioner has it).
 */
export function matchPractitioner(
  staff: ClinicStaff,
  service: Service,
  said: string | null | undefined,
): PractitionerMatch {
  const wanted = normaliseName(said ?? "");
  if (wanted === "" || ANYONE.has(wanted)) return { kind: "anyone" };
  const qualified = qualifiedFor(staff, service);
  const exact = qualified.find((p) => normaliseName(p.name) === wanted);
  if (exact !== undefined) return { kind: "named", practitioner: exact };
  const partial = qualified.filter((p) => normaliseName(p.name).split(" ").includes(wanted));
  const [only] = partial;
  if (partial.length === 1 && only !== undefined) return { kind: "named", practitioner: only };
  return { kind: "unknown", asked: said?.trim() ?? "", offered: qualified.map((p) => p.name) };
}
