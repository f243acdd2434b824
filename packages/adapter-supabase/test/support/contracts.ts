/**
 * The domain's contracts over one carrier, so each carrier's contract file is one call: the
 * BookingStore, IntegrationStore, ClinicCatalog, ClinicDirectory, ConnectAttempts and TenantDirectory contracts share one
 * database (every case uses fresh ids); the SyncOutbox contract gets a fresh database per case
 * (its `setup` promises an empty outbox). Clinics are created through the ClinicDirectory.
 */
import { randomBytes } from "node:crypto";
import type { ClinicSettings, OrgId } from "@voxanne/domain";
import {
  bookingStoreContract,
  clinicCatalogContract,
  clinicDirectoryContract,
  connectAttemptsContract,
  integrationStoreContract,
  notificationOutboxContract,
  syncOutboxContract,
  tenantDirectoryContract,
} from "@voxanne/domain/testing";
import { afterAll, afterEach, beforeAll, describe, it } from "vitest";
import { createTokenCipher, type SqlStores, type TokenCipher } from "../../src/index.ts";
import { type Carrier, type CarrierName, carriers } from "./carriers.ts";

/** A cipher over a fresh random key (base64, as `openssl rand -base64 32` gives it). */
export const testCipher = (): TokenCipher => createTokenCipher(randomBytes(32).toString("base64"))._unsafeUnwrap();

/** Creates each clinic (no Vapi ids) through the stores' ClinicDirectory. */
export async function createClinics(stores: SqlStores, clinics: readonly ClinicSettings[]): Promise<void> {
  for (const settings of clinics) {
    (await stores.clinics.saveClinic({ mode: "create", settings, vapi: {} }))._unsafeUnwrap();
  }
}

/** Links each clinic's calendar (test tokens), as the OAuth callback does: its changes queue calendar jobs. */
export async function linkCalendars(stores: SqlStores, orgs: readonly OrgId[]): Promise<void> {
  const integrations = stores.integrations(testCipher());
  const tokens = { accessToken: null, refreshToken: "1//test", expiresAt: null, scope: null };
  for (const orgId of orgs) {
    (await integrations.save({ orgId, provider: "google", calendarId: "primary", tokens }))._unsafeUnwrap();
  }
}

function describeSharedDatabase(name: CarrierName): void {
  let opened: Carrier;
  beforeAll(async () => {
    opened = await carriers[name]();
  });
  afterAll(() => opened.close());

  describe("BookingStore contract", () => {
    const fixture = {
      async setup(clinics: readonly ClinicSettings[]) {
        await createClinics(opened.stores, clinics);
        return { store: opened.stores.bookings, clinics: opened.stores.clinics };
      },
    };
    for (const c of bookingStoreContract) it(c.name, () => c.run(fixture));
  });

  describe("IntegrationStore contract: stores.integrations(cipher)", () => {
    const cipher = testCipher();
    const fixture = {
      async setup(clinics: readonly ClinicSettings[]) {
        await createClinics(opened.stores, clinics);
        return opened.stores.integrations(cipher);
      },
    };
    for (const c of integrationStoreContract) it(c.name, () => c.run(fixture));
  });

  describe("ClinicCatalog contract", () => {
    const fixture = {
      async setup(clinics: readonly ClinicSettings[]) {
        await createClinics(opened.stores, clinics);
        return { catalog: opened.stores.catalog, clinics: opened.stores.clinics };
      },
    };
    for (const c of clinicCatalogContract) it(c.name, () => c.run(fixture));
  });

  describe("ClinicDirectory contract", () => {
    const fixture = { setup: async () => opened.stores.clinics };
    for (const c of clinicDirectoryContract) it(c.name, () => c.run(fixture));
  });

  describe("ConnectAttempts contract", () => {
    const fixture = {
      async setup(clinics: readonly ClinicSettings[]) {
        await createClinics(opened.stores, clinics);
        return opened.stores.connectAttempts;
      },
    };
    for (const c of connectAttemptsContract) it(c.name, () => c.run(fixture));
  });

  describe("TenantDirectory contract", () => {
    const fixture = { setup: async () => ({ tenants: opened.stores.tenants, clinics: opened.stores.clinics }) };
    for (const c of tenantDirectoryContract) it(c.name, () => c.run(fixture));
  });
}

/** A fresh migrated database per case (the contract's `setup` promises one), closed after it. */
function freshWorlds<W>(name: CarrierName, pick: (stores: SqlStores) => W) {
  const opened: Carrier[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });
  return {
    async setup(clinics: readonly ClinicSettings[]): Promise<W> {
      const carrier = await carriers[name]();
      opened.push(carrier);
      await createClinics(carrier.stores, clinics);
      return pick(carrier.stores);
    },
  };
}

function describeFreshDatabases(name: CarrierName): void {
  const fixture = freshWorlds(name, (s) => ({
    outbox: s.outbox,
    store: s.bookings,
    clinics: s.clinics,
    integrations: s.integrations(testCipher()),
  }));
  for (const c of syncOutboxContract) it(c.name, () => c.run(fixture));
}

function describeNotifications(name: CarrierName): void {
  const fixture = freshWorlds(name, (s) => ({
    outbox: s.notifications,
    settings: s.notificationSettings,
    store: s.bookings,
  }));
  for (const c of notificationOutboxContract) it(c.name, () => c.run(fixture));
}

/** Every domain store contract over `name`'s stores. */
export function describeContracts(name: CarrierName): void {
  describe(`store contracts over ${name}`, () => describeSharedDatabase(name));
  describe(`SyncOutbox contract over ${name} (a fresh database per case)`, () => describeFreshDatabases(name));
  describe(`NotificationOutbox contract over ${name} (a fresh database per case)`, () => describeNotifications(name));
}
