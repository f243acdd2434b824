import { describe, it } from "vitest";
import {
  type ConnectAttemptsFixture,
  connectAttemptsContract,
  InMemoryClinicDirectory,
  InMemoryConnectAttempts,
  MemoryDatabase,
} from "../../src/testing/index.ts";

// One database for every case, as the SQL carriers share one: the cases must not see each other.
const db = new MemoryDatabase();
const attempts = new InMemoryConnectAttempts(db);
const inMemory: ConnectAttemptsFixture = {
  async setup(clinics) {
    const directory = new InMemoryClinicDirectory(db);
    for (const settings of clinics) {
      (await directory.saveClinic({ mode: "create", settings, vapi: {} }))._unsafeUnwrap();
    }
    return attempts;
  },
};

describe("ConnectAttempts contract: in memory", () => {
  for (const c of connectAttemptsContract) it(c.name, () => c.run(inMemory));
});
