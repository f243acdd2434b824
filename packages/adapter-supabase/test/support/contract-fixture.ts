/**
 * Contract fixtures over any FunctionStore (clinics are saved through the store itself), and the
 * domain's store contracts run over one carrier, so each carrier's contract file is one call.
 */
import { randomBytes } from "node:crypto";
import type { ClinicSettings } from "@voxanne/domain";
import {
  bookingStoreContract,
  type ContractFixture,
  type IntegrationContractFixture,
  integrationStoreContract,
} from "@voxanne/domain/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createTokenCipher, type FunctionStore, type TokenCipher } from "../../src/index.ts";
import { type Carrier, carriers } from "./carriers.ts";

async function saveClinics(store: FunctionStore, clinics: readonly ClinicSettings[]): Promise<void> {
  for (const c of clinics) (await store.saveClinic(c))._unsafeUnwrap();
}

export function storeFixture(store: () => FunctionStore): ContractFixture {
  return {
    async setup(clinics) {
      const s = store();
      await saveClinics(s, clinics);
      return { store: s, clinics: s };
    },
  };
}

/** A cipher over a fresh random key (base64, as `openssl rand -base64 32` gives it). */
export const testCipher = (): TokenCipher => createTokenCipher(randomBytes(32).toString("base64"))._unsafeUnwrap();

export function integrationFixture(
  store: () => FunctionStore,
  cipher: TokenCipher = testCipher(),
): IntegrationContractFixture {
  return {
    async setup(clinics) {
      const s = store();
      await saveClinics(s, clinics);
      return s.integrationStore(cipher);
    },
  };
}

/** The BookingStore and IntegrationStore contracts over a fresh, migrated database of `carrier`. */
export function describeStoreContracts(carrier: keyof typeof carriers): void {
  describe(`BookingStore and IntegrationStore contracts over ${carrier}`, () => {
    let opened: Carrier;
    beforeAll(async () => {
      opened = await carriers[carrier]();
    });
    afterAll(() => opened.close());

    const fixture = storeFixture(() => opened.store);
    for (const c of bookingStoreContract) it(c.name, () => c.run(fixture));

    describe("IntegrationStore contract: store.integrationStore(cipher)", () => {
      const integrations = integrationFixture(() => opened.store);
      for (const c of integrationStoreContract) it(c.name, () => c.run(integrations));
    });
  });
}
