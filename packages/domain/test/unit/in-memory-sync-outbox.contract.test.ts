import { describe, it } from "vitest";
import {
  InMemoryBookingStore,
  InMemoryClinicDirectory,
  InMemorySyncOutbox,
  MemoryDatabase,
  type SyncOutboxFixture,
  syncOutboxContract,
} from "../../src/testing/index.ts";

const inMemory: SyncOutboxFixture = {
  async setup(settings) {
    const db = new MemoryDatabase();
    const clinics = new InMemoryClinicDirectory(db);
    for (const s of settings) clinics.add(s);
    return { outbox: new InMemorySyncOutbox(db), store: new InMemoryBookingStore({ db }), clinics };
  },
};

describe("SyncOutbox contract: in memory", () => {
  for (const c of syncOutboxContract) it(c.name, () => c.run(inMemory));
});
