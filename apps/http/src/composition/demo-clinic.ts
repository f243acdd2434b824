/**
 * @module composition/demo-clinic
 * The embedded default's demo clinic, created the first time only (so an operator's changes
 * survive restarts): London, GB, weekdays 09:00–17:30, no calendar, the Vapi ids the example
 * requests use, and a small practice: two practitioners (Dr Patel and Sam) and three services —
 * a 30-minute consultation (the default, what a caller who names no service books), a 20-minute
 * check-up (both) and a 60-minute first assessment (Dr Patel only). The default staff every new
 * clinic starts with is deactivated (never deleted). Callers' `duration` is ignored: the service
 * decides the length.
 */
import {
  addPractitioner,
  addService,
  type CatalogDeps,
  type ClinicDirectory,
  changePolicy,
  changePractitioner,
  changeService,
  type DomainError,
  defaultClinicSettings,
  type OrgId,
  type VapiLinks,
} from "@voxanne/domain";
import { ok, type ResultAsync, safeTry } from "neverthrow";
import type { Logger } from "../observability/logger.ts";

export const DEMO_CLINIC_ID = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
export const DEMO_VAPI_LINKS: VapiLinks = { assistantIds: ["asst_demo_clinic"], phoneNumberIds: ["pn_demo_clinic"] };

export interface DemoDeps extends CatalogDeps {
  readonly clinics: ClinicDirectory;
}

export async function seedDemoClinic(deps: DemoDeps, logger: Logger): Promise<void> {
  const existing = await deps.clinics.getClinic(DEMO_CLINIC_ID);
  if (existing.isOk()) return;
  if (existing.error.code !== "UNKNOWN_ORG") throw new Error(`cannot read the demo clinic: ${existing.error.message}`);
  const saved = await deps.clinics.saveClinic({
    mode: "create",
    settings: defaultClinicSettings(DEMO_CLINIC_ID, "Demo Clinic"),
    vapi: DEMO_VAPI_LINKS,
  });
  if (saved.isErr()) throw new Error(`cannot create the demo clinic: ${saved.error.message}`);
  const staffed = await staffDemoClinic(deps);
  if (staffed.isErr()) throw new Error(`cannot staff the demo clinic: ${staffed.error.message}`);
  logger.info({ orgId: DEMO_CLINIC_ID }, "demo clinic created");
}

/** Two practitioners, three services, the consultation as the default; the starting staff deactivated. */
function staffDemoClinic(deps: DemoDeps): ResultAsync<void, DomainError> {
  const org = DEMO_CLINIC_ID;
  return safeTry(async function* () {
    const before = yield* deps.catalog.getStaff(org);
    const patel = yield* addPractitioner(deps, org, { name: "Dr Patel" });
    const sam = yield* addPractitioner(deps, org, { name: "Sam" });
    const both = [patel.id, sam.id];
    const consultation = yield* addService(deps, org, {
      name: "consultation",
      durationMinutes: 30,
      synonyms: ["consult", "appointment", "general appointment"],
      practitionerIds: both,
    });
    yield* addService(deps, org, {
      name: "check-up",
      durationMinutes: 20,
      synonyms: ["checkup", "routine check"],
      practitionerIds: both,
    });
    yield* addService(deps, org, {
      name: "first assessment",
      durationMinutes: 60,
      synonyms: ["assessment", "new patient assessment"],
      practitionerIds: [patel.id],
    });
    yield* changePolicy(deps, org, { defaultServiceId: consultation.id, allowDurationOverride: false });
    for (const s of before.services) yield* changeService(deps, org, s.id, { active: false });
    for (const p of before.practitioners) yield* changePractitioner(deps, org, p.id, { active: false });
    return ok(undefined);
  });
}
