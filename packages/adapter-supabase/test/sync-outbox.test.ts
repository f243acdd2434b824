/** The calendar-sync outbox: enqueued with each change, claimed without collisions, backed off on failure. */
import { randomUUID } from "node:crypto";
import { defaultClinicSettings, type OrgId, type PhoneNumber } from "@voxanne/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../src/index.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";

let db: TestDatabase;
let store: PostgresStore;
beforeAll(async () => {
  db = await freshDatabase({ max: 10 });
  store = PostgresStore.overPool(db.pool);
});
afterAll(() => db.drop());

async function bookSome(n: number): Promise<{ org: OrgId; ids: string[] }> {
  const org = randomUUID() as OrgId;
  (await store.saveClinic(defaultClinicSettings(org)))._unsafeUnwrap();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const start = Date.parse("2027-04-01T09:00:00Z") + i * 3_600_000;
    const { receipt } = (
      await store.book({
        orgId: org,
        appointmentId: randomUUID(),
        idempotencyKey: null,
        contact: { phone: "+447700900888" as PhoneNumber, email: null, name: null },
        calendarId: "primary",
        startsAt: new Date(start),
        endsAt: new Date(start + 1_800_000),
        blocksUntil: new Date(start + 1_800_000),
        serviceType: null,
      })
    )._unsafeUnwrap();
    ids.push(receipt.appointment.id);
  }
  return { org, ids };
}

describe("calendar sync outbox", () => {
  it("concurrent workers claim disjoint jobs; failed jobs come back later; completed ones are gone", async () => {
    await db.pool.query("delete from calendar_sync_jobs");
    const { ids } = await bookSome(12);
    const claims = await Promise.all([1, 2, 3, 4].map(() => store.claimSyncJobs(5)));
    const claimed = claims.flatMap((c) => c._unsafeUnwrap());
    expect(claimed).toHaveLength(12);
    expect(new Set(claimed.map((j) => j.id)).size).toBe(12);
    expect(new Set(claimed.map((j) => j.appointmentId))).toEqual(new Set(ids));
    expect((await store.claimSyncJobs(5))._unsafeUnwrap()).toEqual([]);

    const [first, second] = claimed;
    if (first === undefined || second === undefined) throw new Error("no jobs");
    expect((await store.completeSyncJob(first.id))._unsafeUnwrap()).toBe(true);
    const due = (await store.failSyncJob(second.id, "calendar down"))._unsafeUnwrap();
    expect(due?.getTime()).toBeGreaterThan(Date.now());
    const { rows } = await db.pool.query(
      "select attempts, last_error, locked_until from calendar_sync_jobs where id = $1",
      [second.id],
    );
    expect(rows).toEqual([{ attempts: 1, last_error: "calendar down", locked_until: null }]);
    expect((await store.claimSyncJobs(50))._unsafeUnwrap()).toEqual([]);
  });

  it("marking the current version synced completes its jobs; a stale version changes nothing", async () => {
    const { org, ids } = await bookSome(1);
    const id = ids[0] ?? "";
    const moved = (
      await store.reschedule({
        orgId: org,
        appointmentId: id,
        startsAt: new Date("2027-05-01T09:00:00Z"),
        endsAt: new Date("2027-05-01T09:30:00Z"),
        blocksUntil: new Date("2027-05-01T09:30:00Z"),
      })
    )._unsafeUnwrap();
    const versions = async () =>
      (
        await db.pool.query("select version from calendar_sync_jobs where appointment_id = $1 order by 1", [id])
      ).rows.map((r) => r.version);
    expect(await versions()).toEqual([1, 2]);
    expect((await store.markCalendarSynced(org, id, 1, "evt"))._unsafeUnwrap()).toEqual(moved);
    expect(await versions()).toEqual([1, 2]);
    (await store.markCalendarSynced(org, id, moved.version, "evt"))._unsafeUnwrap();
    expect(await versions()).toEqual([]);
  });
});
