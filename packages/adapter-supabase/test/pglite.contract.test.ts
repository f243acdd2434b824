import type { PGlite } from "@electric-sql/pglite";
import { bookingStoreContract, integrationStoreContract } from "@voxanne/domain/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { migrate, openPglite, PostgresStore } from "../src/index.ts";
import { integrationFixture, storeFixture } from "./support/contract-fixture.ts";

describe("BookingStore and IntegrationStore contracts: PostgresStore over PGlite", () => {
  let db: PGlite;
  let store: PostgresStore;
  beforeAll(async () => {
    db = await openPglite();
    store = PostgresStore.overPglite(db);
    await migrate(store.client);
  });
  afterAll(() => db.close());

  const fixture = storeFixture(() => store);
  for (const c of bookingStoreContract) it(c.name, () => c.run(fixture));

  describe("IntegrationStore contract: store.integrationStore(cipher)", () => {
    const integrations = integrationFixture(() => store);
    for (const c of integrationStoreContract) it(c.name, () => c.run(integrations));
  });
});
