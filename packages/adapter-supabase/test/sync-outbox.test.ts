/**
 * The calendar-sync outbox, over every carrier: enqueued with each change, claimed without
 * collisions, backed off (capped, jittered) on failure, parked and requeued, summarised.
 */
import { randomUUID } from "node:crypto";
import { defaultClinicSettings, type OrgId, type PhoneNumber } from "@voxanne/domain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FunctionStore, OutboxJob, SqlClient } from "../src/index.ts";
import { type Carrier, carriers } from "./support/carriers.ts";

const HOUR = 3_600_000;

describe.each(Object.entries(carriers))("calendar sync outbox over %s", (_, open) => {
  let carrier: Carrier;
  let store: FunctionStore;
  let sql: SqlClient;
  beforeAll(async () => {
    carrier = await open();
    ({ store, sql } = carrier);
  });
  afterAll(() => carrier.close());
  beforeEach(() => sql.exec("delete from calendar_sync_jobs"));

  async function bookSome(n: number): Promise<{ org: OrgId; ids: string[] }> {
    const org = randomUUID() as OrgId;
    (await store.saveClinic(defaultClinicSettings(org)))._unsafeUnwrap();
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const start = Date.parse("2027-04-01T09:00:00Z") + i * HOUR;
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

  const claimAll = async (): Promise<OutboxJob[]> => (await store.claimSyncJobs(100))._unsafeUnwrap();
  const summary = async () => (await store.outboxSummary())._unsafeUnwrap();

  it("concurrent workers claim disjoint jobs; failed jobs come back later; completed ones are gone", async () => {
    const { ids } = await bookSome(12);
    const claims = await Promise.all([1, 2, 3, 4].map(() => store.claimSyncJobs(5)));
    const claimed = claims.flatMap((c) => c._unsafeUnwrap());
    expect(claimed).toHaveLength(12);
    expect(new Set(claimed.map((j) => j.id)).size).toBe(12);
    expect(new Set(claimed.map((j) => j.appointmentId))).toEqual(new Set(ids));
    expect(await claimAll()).toEqual([]);

    const [first, second] = claimed;
    if (first === undefined || second === undefined) throw new Error("no jobs");
    expect((await store.completeSyncJob(first.id))._unsafeUnwrap()).toBe(true);
    expect((await store.completeSyncJob(first.id))._unsafeUnwrap()).toBe(false);
    const due = (await store.failSyncJob(second.id, "calendar down"))._unsafeUnwrap();
    expect(due?.getTime()).toBeGreaterThan(Date.now());
    const rows = await sql.query("select attempts, last_error, locked_until from calendar_sync_jobs where id = $1", [
      second.id,
    ]);
    expect(rows).toEqual([{ attempts: 1, last_error: "calendar down", locked_until: null }]);
    expect(await claimAll()).toEqual([]);
    expect((await store.failSyncJob(first.id, "gone"))._unsafeUnwrap()).toBeNull();
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
        await sql.query<{ version: number }>(
          "select version from calendar_sync_jobs where appointment_id = $1 order by 1",
          [id],
        )
      ).map((r) => r.version);
    expect(await versions()).toEqual([1, 2]);
    expect((await store.markCalendarSynced(org, id, 1, "evt"))._unsafeUnwrap()).toEqual(moved);
    expect(await versions()).toEqual([1, 2]);
    (await store.markCalendarSynced(org, id, moved.version, "evt"))._unsafeUnwrap();
    expect(await versions()).toEqual([]);
  });

  it("the backoff doubles from 5 s, is capped at one hour and jittered (75–100% of the step)", async () => {
    await bookSome(10);
    const jobs = await claimAll();
    const delays = async (attempts: number) => {
      await sql.exec(`update calendar_sync_jobs set attempts = ${attempts}, locked_until = null`);
      const out: number[] = [];
      for (const job of jobs) {
        const before = Date.now();
        const next = (await store.failSyncJob(job.id, "down"))._unsafeUnwrap();
        const after = Date.now();
        if (next === null) throw new Error("job vanished");
        out.push(next.getTime() - before);
        expect(next.getTime() - after).toBeLessThanOrEqual(Math.min(5_000 * 2 ** attempts, HOUR));
      }
      return out;
    };
    const first = await delays(0);
    for (const d of first) expect(d).toBeGreaterThanOrEqual(3_750 - 1);
    const capped = await delays(30);
    for (const d of capped) expect(d).toBeGreaterThanOrEqual(0.75 * HOUR - 1);
    expect(new Set(capped).size).toBeGreaterThan(1);
    const { attempts } =
      (await sql.query<{ attempts: number }>("select max(attempts) as attempts from calendar_sync_jobs"))[0] ?? {};
    expect(attempts).toBe(31);
  });

  it("a parked job is not claimed; requeueing its org makes it due now with a fresh backoff", async () => {
    const a = await bookSome(2);
    const b = await bookSome(1);
    const jobs = await claimAll();
    const ofA = jobs.filter((j) => j.orgId === a.org);
    const ofB = jobs.filter((j) => j.orgId === b.org);
    for (const job of [...ofA, ...ofB]) {
      (await store.failSyncJob(job.id, "calendar down"))._unsafeUnwrap();
      expect((await store.parkSyncJob(job.id, "CALENDAR_REAUTH_REQUIRED"))._unsafeUnwrap()).toBe(true);
    }
    expect((await store.parkSyncJob(-1, "x"))._unsafeUnwrap()).toBe(false);
    await sql.exec("update calendar_sync_jobs set next_attempt_at = now() - interval '1 hour'");
    expect(await claimAll()).toEqual([]);
    expect(await summary()).toEqual({ due: 0, scheduled: 0, parked: 3, oldestDueAt: null });

    expect((await store.requeueSyncJobs(a.org))._unsafeUnwrap()).toBe(2);
    expect((await store.requeueSyncJobs(a.org))._unsafeUnwrap()).toBe(0);
    expect((await store.requeueSyncJobs("not-a-uuid" as OrgId))._unsafeUnwrap()).toBe(0);
    const again = await claimAll();
    expect(new Set(again.map((j) => j.id))).toEqual(new Set(ofA.map((j) => j.id)));
    expect(again.map((j) => [j.attempts, j.lastError])).toEqual([
      [0, "CALENDAR_REAUTH_REQUIRED"],
      [0, "CALENDAR_REAUTH_REQUIRED"],
    ]);
    expect((await summary()).parked).toBe(1);
  });

  it("the summary counts due (leased included), scheduled and parked jobs, and the oldest due time", async () => {
    expect(await summary()).toEqual({ due: 0, scheduled: 0, parked: 0, oldestDueAt: null });
    await bookSome(5);
    const [leased, failed, parked, old] = await claimAll();
    if (leased === undefined || failed === undefined || parked === undefined || old === undefined) {
      throw new Error("no jobs");
    }
    (await store.failSyncJob(failed.id, "down"))._unsafeUnwrap();
    (await store.parkSyncJob(parked.id, "CALENDAR_NOT_LINKED"))._unsafeUnwrap();
    await sql.query("update calendar_sync_jobs set next_attempt_at = '2026-01-02T03:04:05.678Z' where id = $1", [
      old.id,
    ]);
    expect(await summary()).toEqual({
      due: 3,
      scheduled: 1,
      parked: 1,
      oldestDueAt: new Date("2026-01-02T03:04:05.678Z"),
    });
  });
});
