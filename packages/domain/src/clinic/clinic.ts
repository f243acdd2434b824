/**
 * @module clinic/clinic
 * A clinic as a booking sees it: its settings, its practitioners and services, and its booking
 * policy, all read in the one `getClinic` call. Every clinic has a default service (what a caller
 * who names none books) and, from its creation on, a default practitioner on its calendar.
 */
import type { OrgId } from "../values/org-id.ts";
import { type ClinicSettings, defaultClinicSettings } from "./clinic-settings.ts";
import type { Practitioner } from "./practitioner.ts";
import type { Service } from "./service.ts";

export interface BookingPolicy {
  /** The service booked when the caller names none (one per clinic). */
  readonly defaultServiceId: string;
  /** Whether a caller's `duration` replaces the service's (otherwise it is ignored). */
  readonly allowDurationOverride: boolean;
  /** Whether a service the clinic does not have books the default one instead of being refused. */
  readonly unknownServiceFallsBackToDefault: boolean;
}

/** The clinic's practitioners and services (inactive ones included: their history names them). */
export interface ClinicStaff {
  readonly practitioners: readonly Practitioner[];
  readonly services: readonly Service[];
  readonly policy: BookingPolicy;
}

/** What `ClinicDirectory.getClinic` answers: usable wherever `ClinicSettings` is. */
export interface Clinic extends ClinicSettings {
  readonly staff: ClinicStaff;
  /**
   * Bumped by every change to what a booking reads (these settings, the staff, the policy, the
   * Vapi ids mapped to the clinic). A booking passes it to the store, which refuses one judged
   * with an older version (`SETTINGS_STALE`). Absent: not versioned (never refused as stale).
   */
  readonly settingsVersion?: number;
}

import { DEFAULT_PRACTITIONER_NAME, DEFAULT_SERVICE_NAME } from "./default-staff-names.ts";

export { DEFAULT_PRACTITIONER_NAME, DEFAULT_SERVICE_NAME };

/** What a new clinic starts with: one practitioner on its calendar, one service of its slot length. */
export function defaultStaff(
  settings: ClinicSettings,
  ids: { practitionerId: string; serviceId: string },
): ClinicStaff {
  const practitioner: Practitioner = {
    id: ids.practitionerId,
    orgId: settings.orgId,
    name: DEFAULT_PRACTITIONER_NAME,
    active: true,
    calendarId: null,
    openingHours: null,
  };
  const service: Service = {
    id: ids.serviceId,
    orgId: settings.orgId,
    name: DEFAULT_SERVICE_NAME,
    synonyms: [],
    durationMinutes: settings.slotMinutes,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: null,
    minNoticeMinutes: null,
    practitionerIds: [practitioner.id],
    active: true,
  };
  const policy = { defaultServiceId: service.id, allowDurationOverride: true, unknownServiceFallsBackToDefault: false };
  return { practitioners: [practitioner], services: [service], policy };
}

/** A clinic with its settings and the default staff (for tests and set-up). */
export function withDefaultStaff(settings: ClinicSettings): Clinic {
  const ids = { practitionerId: `${settings.orgId}-p`, serviceId: `${settings.orgId}-s` };
  return { ...settings, staff: defaultStaff(settings, ids) };
}

/** The default clinic settings with the default staff. */
export const defaultClinic = (orgId: OrgId, name?: string): Clinic =>
  withDefaultStaff(defaultClinicSettings(orgId, name));

export const activePractitioners = (staff: ClinicStaff): Practitioner[] => staff.practitioners.filter((p) => p.active);
export const activeServices = (staff: ClinicStaff): Service[] => staff.services.filter((s) => s.active);
