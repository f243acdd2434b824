/**
 * The drills' database check (drills/integrity.ts) sees what it must: a booking whole is clean;
 * a lost booking, an appointment without its receipt or its notification jobs, and a receipt
 * without its appointment are each counted and fail their check.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { integrityChecks, readIntegrity } from "../drills/integrity.ts";
import { bookThursday, type Harness, startHarness } from "./support/harness.ts";

let h: Harness;
let appointmentId = "";

beforeAll(async () => {
  h = await startHarness();
  appointmentId = String((await bookThursday(h, "integrity-1", "10:00")).appointmentId);
});
afterAll(() => h.close());

const sql = () => {
  const client = h.composed.backend.stores.sql;
  if (client === null) throw new Error("the harness has a SQL client");
  return client;
};
const failing = async (acknowledged: string[]) =>
  integrityChecks(await readIntegrity(sql(), acknowledged), acknowledged.length)
    .filter(([, held]) => !held)
    .map(([what]) => what);

describe("the drills' integrity check", () => {
  it("a whole booking passes every check", async () => {
    expect(await readIntegrity(sql(), [appointmentId])).toMatchObject({
      appointments: 1,
      acknowledgedFound: 1,
      withoutReceipt: 0,
      withoutNotificationJob: 0,
      duplicateContacts: 0,
    });
    expect(await failing([appointmentId])).toEqual([]);
  });

  it("an acknowledged booking that is not there fails", async () => {
    expect(await failing([appointmentId, crypto.randomUUID()])).toEqual([
      expect.stringContaining("every acknowledged booking is there (1 of 2)"),
    ]);
  });

  it("half-written rows fail: no notification jobs, a receipt without its appointment, no receipt", async () => {
    await h.sql("delete from notification_jobs");
    await h.sql("update booking_receipts set appointment_id = gen_random_uuid()");
    expect(await failing([appointmentId])).toEqual([
      expect.stringContaining("no appointment without its notification jobs (1)"),
      expect.stringContaining("no receipt without its appointment (1)"),
    ]);
    await h.sql("delete from booking_receipts");
    expect(await failing([appointmentId])).toEqual([
      expect.stringContaining("no appointment without its receipt (1)"),
      expect.stringContaining("no appointment without its notification jobs (1)"),
    ]);
  });
});
