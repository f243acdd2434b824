/**
 * @module testing/booking-contract-kit
 * What the booking store contract's cases share: the fixture a back end provides, fresh clinics,
 * a base instant and its 30-minute slots, contract phones and emails, and a booking command.
 */
import { randomUUID } from "node:crypto";
import { type Clinic, defaultStaff } from "../clinic/clinic.ts";
import { type ClinicSettings, defaultClinicSettings } from "../clinic/clinic-settings.ts";
import type { ContactDetails } from "../contacts/contact.ts";
import type { BookCommand, BookingStore, Candidate, Placement } from "../ports/booking-store.port.ts";
import type { ClinicDirectory } from "../ports/clinic-directory.port.ts";
import type { Email } from "../values/email.ts";
import type { OrgId } from "../values/org-id.ts";
import type { PhoneNumber } from "../values/phone-number.ts";

export interface ContractFixture {
  /**
   * A store and directory in which these clinics exist with their staff (as `saveClinic`'s
   * create of a `Clinic` stores it), and no data of theirs yet.
   */
  setup(clinics: readonly Clinic[]): Promise<{ store: BookingStore; clinics: ClinicDirectory }>;
}

export interface ContractCase {
  readonly name: string;
  run(fixture: ContractFixture): Promise<void>;
}

const MIN = 60_000;
const T0 = Date.parse("2027-01-12T09:00:00Z");
export const at = (minutes: number) => new Date(T0 + minutes * MIN);
export const phone = (n: number) => `+4477009001${String(n).padStart(2, "0")}` as PhoneNumber;
export const email = (s: string) => s as Email;

/** The contract clinics' practitioners (as candidates) and default service, by org. */
const staffOf = new Map<OrgId, { readonly candidates: readonly Candidate[]; readonly serviceId: string }>();

/**
 * A fresh clinic with its default staff plus a second practitioner on calendar "dr-2" who also
 * offers the default service (fresh uuids, recorded for `bookCommand`).
 */
export function clinic(overrides: Partial<ClinicSettings> = {}): Clinic {
  const settings = { ...defaultClinicSettings(randomUUID() as OrgId, "Contract Clinic"), ...overrides };
  const base = defaultStaff(settings, { practitionerId: randomUUID(), serviceId: randomUUID() });
  const [first] = base.practitioners;
  const [service] = base.services;
  if (first === undefined || service === undefined)
    throw new Error("the default staff has a practitioner and a service");
  const second = { ...first, id: randomUUID(), name: "Dr Second", calendarId: "dr-2" };
  const staff = {
    ...base,
    practitioners: [first, second],
    services: [{ ...service, practitionerIds: [first.id, second.id] }],
  };
  staffOf.set(settings.orgId, {
    candidates: [
      { practitionerId: first.id, calendarId: settings.calendarId },
      { practitionerId: second.id, calendarId: "dr-2" },
    ],
    serviceId: service.id,
  });
  return { ...settings, staff };
}

/** The contract clinic's practitioners as candidates: [default (clinic calendar), second ("dr-2")]. */
export function candidatesOf(orgId: OrgId): readonly Candidate[] {
  const found = staffOf.get(orgId);
  if (found === undefined) throw new Error(`not a contract clinic: ${orgId}`);
  return found.candidates;
}

/**
 * A placement `startMinutes` after the contract's base instant, 30 minutes, no buffer, with the
 * clinic's default practitioner as the only candidate (the day: the base instant's UTC day).
 */
export function placementAt(orgId: OrgId, startMinutes: number, minutes = 30): Placement {
  // An org the contract never made (a stranger's) gets a practitioner and service nobody has.
  const found = staffOf.get(orgId) ?? {
    candidates: [{ practitionerId: randomUUID(), calendarId: "primary" }],
    serviceId: randomUUID(),
  };
  return {
    candidates: found.candidates.slice(0, 1),
    serviceId: found.serviceId,
    startsAt: at(startMinutes),
    endsAt: at(startMinutes + minutes),
    blocksFrom: at(startMinutes),
    blocksUntil: at(startMinutes + minutes),
    dayStart: new Date(Date.UTC(2027, 0, 12)),
    dayEnd: new Date(Date.UTC(2027, 0, 13)),
  };
}

/** A placement at the given instants, with the contract clinic's default practitioner (a stranger's org: nobody's). */
export function placementFor(orgId: OrgId, startsAt: Date, endsAt: Date, blocksUntil: Date = endsAt): Placement {
  const day = new Date(Date.UTC(startsAt.getUTCFullYear(), startsAt.getUTCMonth(), startsAt.getUTCDate()));
  return {
    ...placementAt(orgId, 0),
    startsAt,
    endsAt,
    blocksFrom: startsAt,
    blocksUntil,
    dayStart: day,
    dayEnd: new Date(day.getTime() + 86_400_000),
  };
}

/** A booking command `startMinutes` after the contract's base instant: 30 minutes, no buffer, no key. */
export function bookCommand(
  orgId: OrgId,
  contact: ContactDetails,
  startMinutes: number,
  extra: Partial<BookCommand> = {},
): BookCommand {
  return {
    ...placementAt(orgId, startMinutes),
    orgId,
    appointmentId: randomUUID(),
    idempotencyKey: null,
    contact,
    serviceType: "Consultation",
    ...extra,
  };
}

export async function oneClinic(fixture: ContractFixture, overrides: Partial<ClinicSettings> = {}) {
  const c = clinic(overrides);
  const { store, clinics } = await fixture.setup([c]);
  return { store, clinics, org: c.orgId, settings: c };
}
