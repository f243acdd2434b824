/**
 * The calendar-sync outbox (SqlSyncOutbox), over every carrier, where SQL can see more than the
 * SyncOutbox contract: jobs claimed without collisions by concurrent workers, backed off (capped,
 * jittered) on failure, parked and requeued, summarised against the table, and a claimed job's
 * context when its contact is gone.
 */
import { randomUUID } from "node:crypto";
import type { ClaimedSyncJob, OrgId, PhoneNumber } from "@voxanne/domain";
import { contractStaffedClinic, placementFor } from "@voxanne/domain/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SqlClient, SqlStores } from "../src/index.ts";
import { type Carrier, carriers } from "./support/carriers.ts";
import { linkCalendars } from "./support/contracts.ts";

const HOUR = 3_600_000;

describe.each(Object.entries(carriers))("calendar sync outbox over %s", (_, open) => {
  let carrier: Carrier;
  let stores: SqlStores;
  let sql: SqlClient;
  beforeAll(async () => {
    carrier = await open();
    ({ stores, sql } = carrier);
  });
  afterAll(() => carrier.close());
  beforeEach(() => sql.exec("delete from calendar_sync_jobs"));

  async function bookSome(n: number): Promise<{ org: OrgId; ids: string[] }> {
    const org = randomUUID() as OrgId;
    (
      await stores.clinics.saveClinic({ mode: "create", settings: contractStaffedClinic({ orgId: org }), vapi: {} })
    )._unsafeUnwrap();
    await linkCalendars(stores, [org]);
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const start = Date.parse("2027-04-01T09:00:00Z") + i * HOUR;
      const { receipt } = (
        await stores.bookings.book({
          orgId: org,
          appointmentId: randomUUID(),
          idempotencyKey: null,
          contact: { phone: "+447700900888" as PhoneNumber, email: null, name: null },
          ...placementFor(org, new Date(start), new Date(start + 1_800_000), new Date(start + 1_800_000)),
          serviceType: null,
        })
      )._unsafeUnwrap();
      ids.push(receipt.appointment.id);
    }
    return { org, ids };
  }

  const claimAll = async (): Promise<ClaimedSyncJob[]> => (await stores.outbox.claim(100, 60))._unsafeUnwrap();
  const summary = async () => (await stores.outbox.summary())._unsafeUnwrap();

  it("concurrent workers claim disjoint jobs; failed jobs come back later; completed ones are gone", async () => {
    const { ids } = await bookSome(12);
    const claims = await Promise.all([1, 2, 3, 4].map(() => stores.outbox.claim(5, 60)));
    const claimed = claims.flatMap((c) => c._unsafeUnwrap());
    expect(claimed).toHaveLength(12);
    expect(new Set(claimed.map((j) => j.id)).size).toBe(12);
    expect(new Set(claimed.map((j) => j.appointmentId))).toEqual(new Set(ids));
    expect(await claimAll()).toEqual([]);

    const [first, second] = claimed;
    if (first === undefined || second === undefined) throw new Error("no jobs");
    expect((await stores.outbox.complete(first.id, null))._unsafeUnwrap()).toBe(true);
    expect((await stores.outbox.complete(first.id, null))._unsafeUnwrap()).toBe(false);
    const due = (await stores.outbox.fail(second.id, "calendar down"))._unsafeUnwrap();
    expect(due?.getTime()).toBeGreaterThan(Date.now());
    const rows = await sql.query("select attempts, last_error, locked_until from calendar_sync_jobs where id = $1", [
      second.id,
    ]);
    expect(rows).toEqual([{ attempts: 1, last_error: "calendar down", locked_until: null }]);
    expect(await claimAll()).toEqual([]);
    expect((await stores.outbox.fail(first.id, "gone"))._unsafeUnwrap()).toBeNull();
  });

  it("marking the current version synced completes its jobs; a stale version changes nothing", async () => {
    const { org, ids } = await bookSome(1);
    const id = ids[0] ?? "";
    const moved = (
      await stores.bookings.reschedule({
        orgId: org,
        appointmentId: id,
        ...placementFor(
          org,
          new Date("2027-05-01T09:00:00Z"),
          new Date("2027-05-01T09:30:00Z"),
          new Date("2027-05-01T09:30:00Z"),
        ),
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
    expect((await stores.bookings.markCalendarSynced(org, id, 1, "evt", "primary"))._unsafeUnwrap()).toEqual(moved);
    expect(await versions()).toEqual([1, 2]);
    (await stores.bookings.markCalendarSynced(org, id, moved.version, "evt", "primary"))._unsafeUnwrap();
    expect(await versions()).toEqual([]);
  });

  it("completing with the synced version marks the appointment and drops its jobs up to it; a stale one only the job", async () => {
    const { org, ids } = await bookSome(1);
    const id = ids[0] ?? "";
    const [v1] = await claimAll();
    const moved = (
      await stores.bookings.reschedule({
        orgId: org,
        appointmentId: id,
        ...placementFor(
          org,
          new Date("2027-05-02T09:00:00Z"),
          new Date("2027-05-02T09:30:00Z"),
          new Date("2027-05-02T09:30:00Z"),
        ),
      })
    )._unsafeUnwrap();
    const [v2] = await claimAll();
    if (v1 === undefined || v2 === undefined) throw new Error("no jobs");
    const jobs = async () =>
      (await sql.query("select id from calendar_sync_jobs where appointment_id = $1", [id])).length;

    expect(
      (
        await stores.outbox.complete(v1.id, { version: 1, eventId: "evt_stale", calendarId: "primary" })
      )._unsafeUnwrap(),
    ).toBe(true);
    expect(await jobs()).toBe(1);
    expect((await stores.bookings.getAppointment(org, id))._unsafeUnwrap()).toEqual(moved);

    expect(
      (
        await stores.outbox.complete(v2.id, { version: 2, eventId: "evt_current", calendarId: "primary" })
      )._unsafeUnwrap(),
    ).toBe(true);
    expect(await jobs()).toBe(0);
    expect((await stores.bookings.getAppointment(org, id))._unsafeUnwrap()).toMatchObject({
      calendarSync: "synced",
      calendarEventId: "evt_current",
      version: 2,
    });
    expect(
      (
        await stores.outbox.complete(v2.id, { version: 2, eventId: "evt_current", calendarId: "primary" })
      )._unsafeUnwrap(),
    ).toBe(false);
  });

  it("a claimed job carries the appointment as it is now, the clinic, and the contact (null once it is gone)", async () => {
    const { org, ids } = await bookSome(2);
    const [first, second] = ids;
    if (first === undefined || second === undefined) throw new Error("no bookings");
    await sql.query("update appointments set contact_id = null where id = $1", [second]);
    const claimed = await claimAll();
    const clinic = (await stores.clinics.getClinic(org))._unsafeUnwrap();
    const withContact = claimed.find((j) => j.appointmentId === first);
    expect(withContact).toMatchObject({
      orgId: org,
      version: 1,
      attempts: 0,
      lastError: null,
      contact: { phone: "+447700900888", email: null },
      clinic,
    });
    expect(withContact?.appointment).toEqual((await stores.bookings.getAppointment(org, first))._unsafeUnwrap());
    const without = claimed.find((j) => j.appointmentId === second);
    expect(without?.contact).toBeNull();
    expect(without?.appointment?.contactId).toBeNull();
  });

  it("the backoff doubles from 5 s, is capped at one hour and jittered (75–100% of the step)", async () => {
    await bookSome(10);
    const jobs = await claimAll();
    const delays = async (attempts: number) => {
      await sql.exec(`update calendar_sync_jobs set attempts = ${attempts}, locked_until = null`);
      const out: number[] = [];
      for (const job of jobs) {
        const before = Date.now();
        const next = (await stores.outbox.fail(job.id, "down"))._unsafeUnwrap();
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
      (await stores.outbox.fail(job.id, "calendar down"))._unsafeUnwrap();
      expect((await stores.outbox.park(job.id, "CALENDAR_REAUTH_REQUIRED"))._unsafeUnwrap()).toBe(true);
    }
    expect((await stores.outbox.park(-1, "x"))._unsafeUnwrap()).toBe(false);
    await sql.exec("update calendar_sync_jobs set next_attempt_at = now() - interval '1 hour'");
    expect(await claimAll()).toEqual([]);
    expect(await summary()).toMatchObject({ due: 0, scheduled: 0, parked: 3, oldestDueAt: null });

    expect((await stores.outbox.requeue(a.org))._unsafeUnwrap()).toBe(2);
    expect((await stores.outbox.requeue(a.org))._unsafeUnwrap()).toBe(0);
    expect((await stores.outbox.requeue("not-a-uuid" as OrgId))._unsafeUnwrap()).toBe(0);
    const again = await claimAll();
    expect(new Set(again.map((j) => j.id))).toEqual(new Set(ofA.map((j) => j.id)));
    expect(again.map((j) => [j.attempts, j.lastError])).toEqual([
      [0, "CALENDAR_REAUTH_REQUIRED"],
      [0, "CALENDAR_REAUTH_REQUIRED"],
    ]);
    expect((await summary()).parked).toBe(1);
  });

  it("the summary counts due (leased included), scheduled and parked jobs, and the oldest due time", async () => {
    expect(await summary()).toEqual({ due: 0, scheduled: 0, parked: 0, oldestDueAt: null, clinics: [] });
    const { org } = await bookSome(5);
    const [leased, failed, parked, old] = await claimAll();
    if (leased === undefined || failed === undefined || parked === undefined || old === undefined) {
      throw new Error("no jobs");
    }
    (await stores.outbox.fail(failed.id, "down"))._unsafeUnwrap();
    (await stores.outbox.park(parked.id, "CALENDAR_NOT_LINKED"))._unsafeUnwrap();
    await sql.query("update calendar_sync_jobs set next_attempt_at = '2026-01-02T03:04:05.678Z' where id = $1", [
      old.id,
    ]);
    const backlog = { due: 3, scheduled: 1, parked: 1, oldestDueAt: new Date("2026-01-02T03:04:05.678Z") };
    expect(await summary()).toEqual({ ...backlog, clinics: [{ orgId: org, ...backlog }] });
  });

  it("a clinic without a calendar link queues nothing; linking queues its upcoming unsynced appointments", async () => {
    const org = randomUUID() as OrgId;
    (
      await stores.clinics.saveClinic({ mode: "create", settings: contractStaffedClinic({ orgId: org }), vapi: {} })
    )._unsafeUnwrap();
    const contact = { phone: "+447700900889" as PhoneNumber, email: null, name: null };
    const book = async (start: string) =>
      (
        await stores.bookings.book({
          orgId: org,
          appointmentId: randomUUID(),
          idempotencyKey: null,
          contact,
          ...placementFor(org, new Date(start), new Date(Date.parse(start) + 1_800_000)),
          serviceType: null,
        })
      )._unsafeUnwrap().receipt.appointment.id;
    const past = await book("2020-01-06T09:00:00Z");
    const upcoming = await book("2027-04-01T09:00:00Z");
    expect(await sql.query("select count(*)::int as n from calendar_sync_jobs where org_id = $1", [org])).toEqual([
      { n: 0 },
    ]);
    await linkCalendars(stores, [org]);
    expect((await stores.outbox.requeue(org))._unsafeUnwrap()).toBe(1);
    const jobs = await claimAll();
    expect(jobs.map((j) => j.appointmentId)).toEqual([upcoming]);
    expect(jobs.map((j) => j.appointmentId)).not.toContain(past);
  });
});
