import { describe, it } from "vitest";
import {
  InMemoryBookingStore,
  InMemoryClinicDirectory,
  InMemoryIntegrationStore,
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
    const integrations = new InMemoryIntegrationStore({ database: db });
    return { outbox: new InMemorySyncOutbox(db), store: new InMemoryBookingStore({ db }), clinics, integrations };
  },
};

describe("SyncOutbox contract: in memory", () => {
  for (const c of syncOutboxContract) it(c.name, () => c.run(inMemory));
});
