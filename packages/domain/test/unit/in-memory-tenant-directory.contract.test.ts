import { describe, it } from "vitest";
import {
  InMemoryClinicDirectory,
  InMemoryTenantDirectory,
  MemoryDatabase,
  type TenantDirectoryFixture,
  tenantDirectoryContract,
} from "../../src/testing/index.ts";

// One database for every case, as the SQL carriers share one: the cases must not see each other.
const db = new MemoryDatabase();
const inMemory: TenantDirectoryFixture = {
  setup: async () => ({ tenants: new InMemoryTenantDirectory(db), clinics: new InMemoryClinicDirectory(db) }),
};

describe("TenantDirectory contract: in memory", () => {
  for (const c of tenantDirectoryContract) it(c.name, () => c.run(inMemory));
});
