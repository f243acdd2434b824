/** Each store operation is one statement: one round trip, one transaction (counted on PGlite). */
import { randomUUID } from "node:crypto";
import { type OrgId, type PhoneNumber, syncCalendarJob } from "@voxanne/domain";
import { contractStaffedClinic, InMemoryCalendarGateway, placementFor } from "@voxanne/domain/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  migrate,
  openPglite,
  type PgliteStores,
  type SqlClient,
  type SqlStores,
  sqlRpc,
  storesOver,
} from "../src/index.ts";
import { createClinics, linkCalendars } from "./support/contracts.ts";

function counting(client: SqlClient): SqlClient & { statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    query: (sql, params) => {
      statements.push(sql);
      return client.query(sql, params);
    },
    exec: (sql) => {
      statements.push(sql);
      return client.exec(sql);
    },
  };
}

describe("round trips", () => {
  let opened: PgliteStores;
  let client: ReturnType<typeof counting>;
  let stores: SqlStores;
  beforeAll(async () => {
    opened = await openPglite();
    client = counting(opened.sql);
    stores = storesOver(sqlRpc(client), { sql: client });
  });
  afterAll(() => opened.close());

  async function newClinic(): Promise<OrgId> {
    const org = randomUUID() as OrgId;
    await createClinics(stores, [contractStaffedClinic({ orgId: org })]);
    await linkCalendars(stores, [org]);
    client.statements.length = 0;
    return org;
  }

  const command = (org: OrgId) => ({
    orgId: org,
    appointmentId: randomUUID(),
    idempotencyKey: "call_rt",
    contact: { phone: "+447700900777" as PhoneNumber, email: null, name: "Ro" },
    ...placementFor(
      org,
      new Date("2027-02-01T10:00:00Z"),
      new Date("2027-02-01T10:30:00Z"),
      new Date("2027-02-01T10:30:00Z"),
    ),
    serviceType: null,
  });

  it("migrating PGlite again changes nothing", async () => {
    expect((await migrate(opened.sql)).applied).toEqual([]);
  });

  it("a booking, its replay and a refused booking are one statement each", async () => {
    const cmd = command(await newClinic());
    expect((await stores.bookings.book(cmd))._unsafeUnwrap().replayed).toBe(false);
    expect(client.statements).toHaveLength(1);
    expect((await stores.bookings.book(cmd))._unsafeUnwrap().replayed).toBe(true);
    expect(client.statements).toHaveLength(2);
    const clash = { ...cmd, appointmentId: randomUUID(), idempotencyKey: null };
    expect((await stores.bookings.book(clash))._unsafeUnwrapErr().code).toBe("SLOT_UNAVAILABLE");
    expect(client.statements).toHaveLength(3);
    expect(client.statements.every((s) => s.startsWith("select public.book_appointment("))).toBe(true);
  });

  it("a caller's read, move, retried move, cancel and lookup are one statement each", async () => {
    const org = await newClinic();
    const { receipt } = (await stores.bookings.book({ ...command(org), idempotencyKey: null }))._unsafeUnwrap();
    client.statements.length = 0;
    const caller = { callerId: "+447700900777" as PhoneNumber, phone: null, email: null };
    const appointmentId = receipt.appointment.id;
    const move = {
      orgId: org,
      appointmentId,
      caller,
      idempotencyKey: "call_move_rt",
      ...placementFor(
        org,
        new Date("2027-02-01T11:00:00Z"),
        new Date("2027-02-01T11:30:00Z"),
        new Date("2027-02-01T11:30:00Z"),
      ),
    };
    (await stores.bookings.getForCaller(org, appointmentId, caller))._unsafeUnwrap();
    expect((await stores.bookings.rescheduleForCaller(move))._unsafeUnwrap().replayed).toBe(false);
    expect((await stores.bookings.rescheduleForCaller(move))._unsafeUnwrap().replayed).toBe(true);
    (
      await stores.bookings.cancelForCaller({ orgId: org, appointmentId, caller, idempotencyKey: null })
    )._unsafeUnwrap();
    (await stores.bookings.replayChange(org, "reschedule", "call_move_rt"))._unsafeUnwrap();
    (await stores.bookings.findUpcoming(org, caller, new Date("2027-01-01T00:00:00Z")))._unsafeUnwrap();
    expect(client.statements.map((s) => s.slice(0, s.indexOf("(")))).toEqual([
      "select public.caller_appointment",
      "select public.reschedule_for_caller",
      "select public.reschedule_for_caller",
      "select public.cancel_for_caller",
      "select public.replay_change",
      "select public.find_upcoming",
    ]);
  });

  it("a sync job costs two: one claim (with its context) and one completion (marking the appointment synced)", async () => {
    const org = await newClinic();
    const { receipt } = (await stores.bookings.book(command(org)))._unsafeUnwrap();
    client.statements.length = 0;
    const [job] = (await stores.outbox.claim(100, 60))._unsafeUnwrap().filter((j) => j.orgId === org);
    if (job === undefined) throw new Error("no job");
    expect(job.appointment).toEqual(receipt.appointment);
    const synced = { version: job.version, eventId: "evt_rt", calendarId: "primary" };
    expect((await stores.outbox.complete(job.id, synced))._unsafeUnwrap()).toBe(true);
    expect(client.statements.map((s) => s.slice(0, s.indexOf("(")))).toEqual([
      "select public.claim_sync_jobs",
      "select public.complete_sync_job",
    ]);
    expect((await stores.bookings.getAppointment(org, receipt.appointment.id))._unsafeUnwrap().calendarSync).toBe(
      "synced",
    );
  });

  it("a worker pass (claim, then the domain's syncCalendarJob per job) makes at most two statements per job", async () => {
    const org = await newClinic();
    for (const hour of [9, 10, 11]) {
      const at = (m: number) => new Date(Date.UTC(2027, 2, 1, hour, m));
      const booking = { ...command(org), idempotencyKey: null, ...placementFor(org, at(0), at(30)) };
      (await stores.bookings.book(booking))._unsafeUnwrap();
    }
    const calendar = new InMemoryCalendarGateway().link(org);
    client.statements.length = 0;
    const jobs = (await stores.outbox.claim(100, 60))._unsafeUnwrap().filter((j) => j.orgId === org);
    expect(jobs).toHaveLength(3);
    for (const job of jobs) {
      const outcome = (await syncCalendarJob({ outbox: stores.outbox, calendar, budgetMs: 1000 }, job))._unsafeUnwrap();
      expect(outcome.outcome).toBe("synced");
    }
    expect(calendar.events(org, "primary")).toHaveLength(3);
    expect(client.statements).toHaveLength(1 + jobs.length);
    expect(client.statements.length / jobs.length).toBeLessThanOrEqual(2);
  });
});
