/** Contract fixtures over any FunctionStore: clinics are saved through the store itself. */
import { randomBytes } from "node:crypto";
import type { ClinicSettings } from "@voxanne/domain";
import type { ContractFixture, IntegrationContractFixture } from "@voxanne/domain/testing";
import { createTokenCipher, type FunctionStore, type TokenCipher } from "../../src/index.ts";

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
