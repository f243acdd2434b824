/** A `ContractFixture` over any FunctionStore: clinics are saved through the store itself. */
import type { ClinicSettings } from "@voxanne/domain";
import type { ContractFixture } from "@voxanne/domain/testing";
import type { FunctionStore } from "../../src/index.ts";

export function storeFixture(store: () => FunctionStore): ContractFixture {
  return {
    async setup(clinics: readonly ClinicSettings[]) {
      const s = store();
      for (const c of clinics) (await s.saveClinic(c))._unsafeUnwrap();
      return { store: s, clinics: s };
    },
  };
}
