/**
 * @module composition/demo-clinic
 * The embedded default's demo clinic, created the first time only (so an operator's changes
 * survive restarts): London, GB, weekdays 09:00–17:30, 30-minute slots, no calendar, and the Vapi
 * ids the example requests use.
 */
import { type ClinicDirectory, defaultClinicSettings, type OrgId, type VapiLinks } from "@voxanne/domain";
import type { Logger } from "../observability/logger.ts";

export const DEMO_CLINIC_ID = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
export const DEMO_VAPI_LINKS: VapiLinks = { assistantIds: ["asst_demo_clinic"], phoneNumberIds: ["pn_demo_clinic"] };

export async function seedDemoClinic(clinics: ClinicDirectory, logger: Logger): Promise<void> {
  const existing = await clinics.getClinic(DEMO_CLINIC_ID);
  if (existing.isOk()) return;
  if (existing.error.code !== "UNKNOWN_ORG") throw new Error(`cannot read the demo clinic: ${existing.error.message}`);
  const saved = await clinics.saveClinic({
    mode: "create",
    settings: defaultClinicSettings(DEMO_CLINIC_ID, "Demo Clinic"),
    vapi: DEMO_VAPI_LINKS,
  });
  if (saved.isErr()) throw new Error(`cannot create the demo clinic: ${saved.error.message}`);
  logger.info({ orgId: DEMO_CLINIC_ID }, "demo clinic created");
}
