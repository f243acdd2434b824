import type { PGlite } from "@electric-sql/pglite";
import { bookingStoreContract } from "@voxanne/domain/testing";
import { afterAll, beforeAll, describe, it } from "vitest";
import { migrate, openPglite, PostgresStore } from "../src/index.ts";
import { storeFixture } from "./support/contract-fixture.ts";

describe("BookingStore contract: PostgresStore over PGlite", () => {
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
});
