/** The ClinicCatalog contract over the in-memory twin (one database for every case, like the SQL carriers). */
import { describe, it } from "vitest";
import {
  type ClinicCatalogFixture,
  clinicCatalogContract,
  InMemoryClinicCatalog,
  InMemoryClinicDirectory,
  MemoryDatabase,
} from "../../src/testing/index.ts";

const db = new MemoryDatabase();
const inMemory: ClinicCatalogFixture = {
  async setup(clinics) {
    const directory = new InMemoryClinicDirectory(db);
    for (const c of clinics) directory.add(c);
    return { catalog: new InMemoryClinicCatalog(db), clinics: directory };
  },
};

describe("ClinicCatalog contract: in memory", () => {
  for (const c of clinicCatalogContract) it(c.name, () => c.run(inMemory));
});
