/** PGlite persisted under a data directory: an acknowledged booking survives closing and reopening. */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OrgId, PhoneNumber } from "@voxanne/domain";
import { contractStaffedClinic, placementFor } from "@voxanne/domain/testing";
import { expect, it } from "vitest";
import { createPglite, openPglite, pgliteStores } from "../src/index.ts";
import { createClinics } from "./support/contracts.ts";

it("reopening the data directory keeps the schema and the bookings", async () => {
  const dir = await mkdtemp(join(tmpdir(), "voxanne-pglite-"));
  try {
    const org = randomUUID() as OrgId;
    const first = await openPglite({ dataDir: dir });
    expect(first.migrated.applied).not.toEqual([]);
    await createClinics(first, [contractStaffedClinic({ orgId: org })]);
    const { receipt } = (
      await first.bookings.book({
        orgId: org,
        appointmentId: randomUUID(),
        idempotencyKey: "call_persist",
        contact: { phone: "+447700900999" as PhoneNumber, email: null, name: "Per" },
        ...placementFor(
          org,
          new Date("2027-06-01T09:00:00Z"),
          new Date("2027-06-01T09:30:00Z"),
          new Date("2027-06-01T09:30:00Z"),
        ),
        serviceType: null,
      })
    )._unsafeUnwrap();
    await first.close();

    const second = await openPglite({ dataDir: dir });
    try {
      expect(second.migrated.applied).toEqual([]);
      expect((await second.bookings.replay(org, "call_persist"))._unsafeUnwrap()).toEqual(receipt);
    } finally {
      await second.close();
    }

    const owned = await createPglite(dir);
    try {
      const stores = pgliteStores(owned);
      await stores.close(); // not its database: closes nothing
      expect((await stores.bookings.replay(org, "call_persist"))._unsafeUnwrap()).toEqual(receipt);
    } finally {
      await owned.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
