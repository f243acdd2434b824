import { bookingStoreContract, integrationStoreContract } from "@voxanne/domain/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { PostgresStore } from "../src/index.ts";
import { integrationFixture, storeFixture } from "./support/contract-fixture.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";

describe("BookingStore and IntegrationStore contracts: PostgresStore over a pg Pool on real Postgres", () => {
  let db: TestDatabase;
  let store: PostgresStore;
  beforeAll(async () => {
    db = await freshDatabase();
    store = PostgresStore.overPool(db.pool);
  });
  afterAll(() => db.drop());

  const fixture = storeFixture(() => store);
  for (const c of bookingStoreContract) it(c.name, () => c.run(fixture));

  describe("IntegrationStore contract: store.integrationStore(cipher)", () => {
    const integrations = integrationFixture(() => store);
    for (const c of integrationStoreContract) it(c.name, () => c.run(integrations));
  });
});
