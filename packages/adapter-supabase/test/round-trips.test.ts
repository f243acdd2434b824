/** Each store operation is one statement: one round trip, one transaction (counted on PGlite). */
import { randomUUID } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import { defaultClinicSettings, type OrgId, type PhoneNumber } from "@voxanne/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, openPglite, PostgresStore, pgliteClient, type SqlClient } from "../src/index.ts";

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
  let db: PGlite;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(pgliteClient(db));
  });
  afterAll(() => db.close());

  it("migrating PGlite again changes nothing", async () => {
    expect((await migrate(pgliteClient(db))).applied).toEqual([]);
  });

  it("a booking, its replay and a refused booking are one statement each", async () => {
    const client = counting(pgliteClient(db));
    const store = new PostgresStore(client);
    const org = randomUUID() as OrgId;
    (await store.saveClinic(defaultClinicSettings(org)))._unsafeUnwrap();
    client.statements.length = 0;

    const cmd = {
      orgId: org,
      appointmentId: randomUUID(),
      idempotencyKey: "call_rt",
      contact: { phone: "+447700900777" as PhoneNumber, email: null, name: "Ro" },
      calendarId: "primary",
      startsAt: new Date("2027-02-01T10:00:00Z"),
      endsAt: new Date("2027-02-01T10:30:00Z"),
      blocksUntil: new Date("2027-02-01T10:30:00Z"),
      serviceType: null,
    };
    expect((await store.book(cmd))._unsafeUnwrap().replayed).toBe(false);
    expect(client.statements).toHaveLength(1);
    expect((await store.book(cmd))._unsafeUnwrap().replayed).toBe(true);
    expect(client.statements).toHaveLength(2);
    const clash = { ...cmd, appointmentId: randomUUID(), idempotencyKey: null };
    expect((await store.book(clash))._unsafeUnwrapErr().code).toBe("SLOT_UNAVAILABLE");
    expect(client.statements).toHaveLength(3);
    expect(client.statements.every((s) => s.startsWith("select public.book_appointment("))).toBe(true);
  });
});
