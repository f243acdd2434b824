/**
 * @module clinic/service
 * What a patient books: a treatment with its length, its buffers and the practitioners who offer
 * it. FHIR: a HealthcareService (name, synonyms as its `type` codings' display texts) whose
 * PractitionerRoles are `practitionerIds`.
 */
import type { OrgId } from "../values/org-id.ts";
import type { ClinicSettings } from "./clinic-settings.ts";

export interface Service {
  readonly id: string;
  readonly orgId: OrgId;
  /** As a caller would say it: "check-up", "first assessment". */
  readonly name: string;
  /** Other ways callers say it. */
  readonly synonyms: readonly string[];
  readonly durationMinutes: number;
  /** Kept free before the appointment (room set-up). */
  readonly bufferBeforeMinutes: number;
  /** Kept free after the appointment; `null`: the clinic's `bufferMinutes`. */
  readonly bufferAfterMinutes: number | null;
  /** `null`: the clinic's `minNoticeMinutes`. */
  readonly minNoticeMinutes: number | null;
  /** Who offers it, in the clinic's order. */
  readonly practitionerIds: readonly string[];
  readonly active: boolean;
}

/** The clinic's settings as they apply to one service: its buffer after and its notice. */
export function settingsFor(settings: ClinicSettings, service: Service): ClinicSettings {
  return {
    ...settings,
    bufferMinutes: service.bufferAfterMinutes ?? settings.bufferMinutes,
    minNoticeMinutes: service.minNoticeMinutes ?? settings.minNoticeMinutes,
  };
}
