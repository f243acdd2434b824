/**
 * A physiotherapy clinic with staff, for the practitioner and service tests: Dr Patel (mornings,
 * her own calendar), Sam and Alex (the clinic's hours and calendar); services "check-up" (20 min,
 * everyone, the default), "first assessment" (60 min, 10 min buffer after, Patel and Sam) and
 * "sports massage" (45 min, 5 min before, Alex only).
 */
import type { Clinic, ClinicStaff, OrgId, Practitioner, Service } from "../../src/index.ts";
import { defaultClinicSettings } from "../../src/index.ts";

export const PHYSIO = "5b0f3c7e-1d2a-4e6b-9c3d-8a7f6e5d4c3b" as OrgId;

const person = (id: string, name: string, extra: Partial<Practitioner> = {}): Practitioner => ({
  id,
  orgId: PHYSIO,
  name,
  active: true,
  calendarId: null,
  openingHours: null,
  ...extra,
});

const service = (id: string, name: string, durationMinutes: number, ids: string[], extra: Partial<Service> = {}) => ({
  id,
  orgId: PHYSIO,
  name,
  synonyms: [],
  durationMinutes,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: null,
  minNoticeMinutes: null,
  practitionerIds: ids,
  active: true,
  ...extra,
});

const mornings = { open: "09:00", close: "12:30" };
export const patel = person("p-patel", "Dr Patel", {
  calendarId: "patel@clinic.example",
  openingHours: { 1: [mornings], 2: [mornings], 3: [mornings], 4: [mornings], 5: [mornings], 6: [], 7: [] },
});
export const sam = person("p-sam", "Sam");
export const alex = person("p-alex", "Alex");

export const checkUp: Service = service("s-check", "check-up", 20, [patel.id, sam.id, alex.id], {
  synonyms: ["checkup", "routine check"],
});
export const assessment: Service = service("s-assess", "first assessment", 60, [patel.id, sam.id], {
  bufferAfterMinutes: 10,
});
export const massage: Service = service("s-massage", "sports massage", 45, [alex.id], { bufferBeforeMinutes: 5 });

export function physioClinic(policy: Partial<ClinicStaff["policy"]> = {}): Clinic {
  return {
    ...defaultClinicSettings(PHYSIO, "Physio Clinic"),
    staff: {
      practitioners: [patel, sam, alex],
      services: [checkUp, assessment, massage],
      policy: {
        defaultServiceId: checkUp.id,
        allowDurationOverride: false,
        unknownServiceFallsBackToDefault: false,
        ...policy,
      },
    },
  };
}
