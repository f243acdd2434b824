import { describe, it } from "vitest";
import { bookingStoreContract, type ContractFixture } from "../../src/testing/booking-store.contract.ts";
import { InMemoryBookingStore, InMemoryClinicDirectory, MemoryDatabase } from "../../src/testing/index.ts";

const inMemory: ContractFixture = {
  async setup(clinics) {
    const db = new MemoryDatabase();
    const directory = new InMemoryClinicDirectory(db);
    for (const settings of clinics) {
      (await directory.saveClinic({ mode: "create", settings, vapi: {} }))._unsafeUnwrap();
    }
    return { store: new InMemoryBookingStore({ db }), clinics: directory };
  },
};

describe("BookingStore contract: in memory", () => {
  for (const c of bookingStoreContract) it(c.name, () => c.run(inMemory));
});
