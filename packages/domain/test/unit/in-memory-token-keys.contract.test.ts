/** The key-rotation contract on the in-memory twin: named keys, the current one first. */
import { describe, it } from "vitest";
import { type ContractKeys, InMemoryIntegrationStore, tokenKeyRotationContract } from "../../src/testing/index.ts";

describe("IntegrationStore key rotation contract: in memory", () => {
  const fixture = {
    async setup() {
      const links = new InMemoryIntegrationStore({ keys: ["old"] });
      return { open: (keys: ContractKeys) => links.withKeys(keys) };
    },
  };
  for (const c of tokenKeyRotationContract) it(c.name, () => c.run(fixture));
});
