import { describe, expect, it } from "vitest";
import { InMemorySchemaStatus } from "../../src/testing/index.ts";

describe("InMemorySchemaStatus", () => {
  it("is current only when the actual version is the expected one", async () => {
    const status = new InMemorySchemaStatus({ expected: "20261122000000", actual: null });
    expect((await status.check())._unsafeUnwrap()).toEqual({
      expected: "20261122000000",
      actual: null,
      current: false,
    });
    status.setActual("20260301001000");
    expect((await status.check())._unsafeUnwrap().current).toBe(false);
    status.setActual("20261122000000");
    expect((await status.check())._unsafeUnwrap()).toEqual({
      expected: "20261122000000",
      actual: "20261122000000",
      current: true,
    });
  });

  it("answers STORE_UNAVAILABLE while the database is unreachable", async () => {
    const status = new InMemorySchemaStatus({ expected: "1", actual: "1" });
    status.setUnavailable("connection refused");
    const down = (await status.check())._unsafeUnwrapErr();
    expect([down.code, down.cause]).toEqual(["STORE_UNAVAILABLE", "connection refused"]);
    status.setUnavailable(null);
    expect((await status.check()).isOk()).toBe(true);
  });
});
