/**
 * @module testing/booking-contract-kit
 * What the booking store contract's cases share: the fixture a back end provides, fresh clinics,
 * a base instant and its 30-minute slots, contract phones and emails, and a booking command.
 */
import { randomUUID } from "node:crypto";
import { type ClinicSettings, defaultClinicSettings } from "../clinic/clinic-settings.ts";
import type { ContactDetails } from "../contacts/contact.ts";
import type { BookCommand, BookingStore } from "../ports/booking-store.port.ts";
import type { ClinicDirectory } from "../ports/clinic-directory.port.ts";
import type { Email } from "../values/email.ts";
import type { OrgId } from "../values/org-id.ts";
import type { PhoneNumber } from "../values/phone-number.ts";

export interface ContractFixture {
  /** A store and directory in which these clinics exist (and no data of theirs yet). */
  setup(clinics: readonly ClinicSettings[]): Promise<{ store: BookingStore; clinics: ClinicDirectory }>;
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

export function clinic(overrides: Partial<ClinicSettings> = {}): ClinicSettings {
  return { ...defaultClinicSettings(randomUUID() as OrgId, "Contract Clinic"), ...overrides };
}

/** A booking command `startMinutes` after the contract's base instant: 30 minutes, no buffer, no key. */
export function bookCommand(
  orgId: OrgId,
  contact: ContactDetails,
  startMinutes: number,
  extra: Partial<BookCommand> = {},
): BookCommand {
  return {
    orgId,
    appointmentId: randomUUID(),
    idempotencyKey: null,
    contact,
    calendarId: "primary",
    startsAt: at(startMinutes),
    endsAt: at(startMinutes + 30),
    blocksUntil: at(startMinutes + 30),
    serviceType: "Consultation",
    ...extra,
  };
}

export async function oneClinic(fixture: ContractFixture, overrides: Partial<ClinicSettings> = {}) {
  const c = clinic(overrides);
  const { store, clinics } = await fixture.setup([c]);
  return { store, clinics, org: c.orgId, settings: c };
}
