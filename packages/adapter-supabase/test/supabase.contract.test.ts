import { bookingStoreContract, integrationStoreContract } from "@voxanne/domain/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { SupabaseStore } from "../src/index.ts";
import { integrationFixture, storeFixture } from "./support/contract-fixture.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";
import { postgrestRpcDouble } from "./support/postgrest-rpc-double.ts";

describe("BookingStore and IntegrationStore contracts: SupabaseStore (supabase-js rpc → PostgREST RPC double → real Postgres)", () => {
  let db: TestDatabase;
  let store: SupabaseStore;
  beforeAll(async () => {
    db = await freshDatabase();
    const double = postgrestRpcDouble(db.pool);
    store = SupabaseStore.connect({ url: "http://supabase.test", key: "sb_secret_test", fetch: double.fetch });
  });
  afterAll(() => db.drop());

  const fixture = storeFixture(() => store);
  for (const c of bookingStoreContract) it(c.name, () => c.run(fixture));

  describe("IntegrationStore contract: store.integrationStore(cipher)", () => {
    const integrations = integrationFixture(() => store);
    for (const c of integrationStoreContract) it(c.name, () => c.run(integrations));
  });
});
