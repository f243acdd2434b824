import { describe, it } from "vitest";
import { InMemoryIntegrationStore, integrationStoreContract } from "../../src/testing/index.ts";

describe("IntegrationStore contract: in memory", () => {
  const fixture = { setup: async () => new InMemoryIntegrationStore() };
  for (const c of integrationStoreContract) it(c.name, () => c.run(fixture));
});
