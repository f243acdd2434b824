import { describe, it } from "vitest";
import {
  type ClinicDirectoryFixture,
  clinicDirectoryContract,
  InMemoryClinicDirectory,
  MemoryDatabase,
} from "../../src/testing/index.ts";

// One database for every case, as the SQL carriers share one: the cases must not see each other.
const db = new MemoryDatabase();
const inMemory: ClinicDirectoryFixture = { setup: async () => new InMemoryClinicDirectory(db) };

describe("ClinicDirectory contract: in memory", () => {
  for (const c of clinicDirectoryContract) it(c.name, () => c.run(inMemory));
});
