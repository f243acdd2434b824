/**
 * True races on real Postgres: a pg Pool of 20 connections (and a second pool, as a second
 * instance would have), hundreds of bookings at once. Whatever the interleaving, C1–C5 and A1–A2
 * hold and no database error (42P10, 23505, 40P01, ...) reaches the caller: every answer is a
 * booking or SLOT_UNAVAILABLE.
 */
import { randomUUID } from "node:crypto";
import type { BookCommand, BookError, BookOutcome, ContactDetails, Email, OrgId, PhoneNumber } from "@voxanne/domain";
import { bookCommand, contractStaffedClinic } from "@voxanne/domain/testing";
import type { Result } from "neverthrow";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresStores, type SqlBookingStore, type SqlStores } from "../src/index.ts";
import { supabaseOver } from "./support/carriers.ts";
import { createClinics } from "./support/contracts.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";

const PHONE = "+447700900555" as PhoneNumber;
const EMAIL = "race@example.com" as Email;

let db: TestDatabase;
let stores: SqlStores;
let store: SqlBookingStore;
let viaSupabase: SqlBookingStore;
/** A second pool on the same database: another instance of the service. */
let secondPool: pg.Pool;
let secondInstance: SqlBookingStore;

beforeAll(async () => {
  db = await freshDatabase({ max: 20 });
  stores = postgresStores(db.pool);
  store = stores.bookings;
  viaSupabase = supabaseOver(db).bookings;
  secondPool = new pg.Pool({ connectionString: db.url, max: 20 });
  secondPool.on("error", () => {});
  secondInstance = postgresStores(secondPool).bookings;
});
afterAll(async () => {
  await secondPool.end();
  await db.drop();
});

async function newClinic(): Promise<OrgId> {
  const orgId = randomUUID() as OrgId;
  await createClinics(stores, [contractStaffedClinic({ orgId })]);
  return orgId;
}

/** The contract's booking command, in 30-minute slots: slot `n` starts `n * 30` minutes in. */
function command(orgId: OrgId, contact: ContactDetails, slot: number, extra: Partial<BookCommand> = {}): BookCommand {
  return bookCommand(orgId, contact, slot * 30, extra);
}

/** Every answer is a booking or SLOT_UNAVAILABLE; returns the bookings. */
function onlyBookingsOrTaken(results: Result<BookOutcome, BookError>[]): BookOutcome[] {
  const unexpected = results.flatMap((r) => (r.isErr() && r.error.code !== "SLOT_UNAVAILABLE" ? [r.error] : []));
  expect(unexpected).toEqual([]);
  return results.flatMap((r) => (r.isOk() ? [r.value] : []));
}

async function count(sql: string, orgId: OrgId): Promise<number> {
  const { rows } = await db.pool.query<{ n: string }>(sql, [orgId]);
  return Number(rows[0]?.n);
}
const contactsOf = (orgId: OrgId) => count("select count(*) as n from contacts where org_id = $1", orgId);
const appointmentsOf = (orgId: OrgId) => count("select count(*) as n from appointments where org_id = $1", orgId);

describe("concurrent bookings on real Postgres", () => {
  it("200 bookings by one new phone in distinct slots: one contact, 200 appointments", async () => {
    const org = await newClinic();
    const details: ContactDetails = { phone: PHONE, email: EMAIL, name: "Rae" };
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.book(command(org, details, i))));
    const booked = onlyBookingsOrTaken(results);
    expect(booked).toHaveLength(200);
    expect(new Set(booked.map((b) => b.receipt.contact.id)).size).toBe(1);
    expect(booked.filter((b) => b.receipt.contactPath === "created")).toHaveLength(1);
    expect([await contactsOf(org), await appointmentsOf(org)]).toEqual([1, 200]);
  });

  it("200 bookings of one slot: exactly one wins, 199 SLOT_UNAVAILABLE, no stray contacts", async () => {
    const org = await newClinic();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        store.book(
          command(org, { phone: `+4477009${String(i).padStart(5, "0")}` as PhoneNumber, email: null, name: null }, 0),
        ),
      ),
    );
    const booked = onlyBookingsOrTaken(results);
    expect(booked).toHaveLength(1);
    expect(results.filter((r) => r.isErr())).toHaveLength(199);
    expect([await contactsOf(org), await appointmentsOf(org)]).toEqual([1, 1]);
  });

  it("100 email-only bookings of one address: one phone-less contact", async () => {
    const org = await newClinic();
    const details: ContactDetails = { phone: null, email: EMAIL, name: "Em" };
    const booked = onlyBookingsOrTaken(
      await Promise.all(Array.from({ length: 100 }, (_, i) => store.book(command(org, details, i)))),
    );
    expect(booked).toHaveLength(100);
    expect(new Set(booked.map((b) => b.receipt.contact.id)).size).toBe(1);
    expect(await contactsOf(org)).toBe(1);
  });

  it("phone and email-only callers racing over a phone-less contact converge on it (promotion)", async () => {
    const org = await newClinic();
    const first = (await store.book(command(org, { phone: null, email: EMAIL, name: "Pat" }, 0)))._unsafeUnwrap();
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.book(
          command(
            org,
            i % 2 === 0 ? { phone: PHONE, email: EMAIL, name: null } : { phone: null, email: EMAIL, name: null },
            i + 1,
          ),
        ),
      ),
    );
    const booked = onlyBookingsOrTaken(results);
    expect(booked).toHaveLength(100);
    expect(new Set(booked.map((b) => b.receipt.contact.id))).toEqual(new Set([first.receipt.contact.id]));
    expect(booked.filter((b) => b.receipt.contactPath === "promoted")).toHaveLength(1);
    expect(await contactsOf(org)).toBe(1);
  });

  it("50 concurrent retries of one idempotency key: one appointment, 50 identical receipts", async () => {
    const org = await newClinic();
    const cmd = command(org, { phone: PHONE, email: null, name: "Kay" }, 3, { idempotencyKey: "toolcall_race" });
    const booked = onlyBookingsOrTaken(
      await Promise.all(Array.from({ length: 50 }, () => store.book({ ...cmd, appointmentId: randomUUID() }))),
    );
    expect(booked).toHaveLength(50);
    expect(booked.filter((b) => !b.replayed)).toHaveLength(1);
    const receipt = booked[0]?.receipt;
    for (const b of booked) expect(b.receipt).toEqual(receipt);
    expect([await contactsOf(org), await appointmentsOf(org)]).toEqual([1, 1]);
  });

  it("through supabase-js: 100 bookings of one slot, one wins; 50 retries of one key, one appointment", async () => {
    const org = await newClinic();
    const slot = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        viaSupabase.book(
          command(org, { phone: `+4477009${String(i).padStart(5, "0")}` as PhoneNumber, email: null, name: null }, 0),
        ),
      ),
    );
    expect(onlyBookingsOrTaken(slot)).toHaveLength(1);
    const cmd = command(org, { phone: PHONE, email: null, name: null }, 1, { idempotencyKey: "toolcall_supabase" });
    const retries = onlyBookingsOrTaken(
      await Promise.all(Array.from({ length: 50 }, () => viaSupabase.book({ ...cmd, appointmentId: randomUUID() }))),
    );
    expect(retries.filter((b) => !b.replayed)).toHaveLength(1);
    for (const b of retries) expect(b.receipt).toEqual(retries[0]?.receipt);
    expect(await appointmentsOf(org)).toBe(2);
  });
});

describe("one person, one contact (C5), across two instances", () => {
  const people = Array.from({ length: 40 }, (_, i) => ({
    phone: `+4477009${String(30_000 + i).padStart(5, "0")}` as PhoneNumber,
    email: `person${i}@example.com` as Email,
  }));

  it.each([1, 2, 3, 4, 5])(
    "run %i: 40 people each booking first with phone + email and with email only at the same moment are 40 contacts",
    async () => {
      const org = await newClinic();
      // Each person's two bookings go to different pools, alternating which one carries which.
      const pending = people.flatMap((p, i) => {
        const [withPhone, emailOnly] = i % 2 === 0 ? [store, secondInstance] : [secondInstance, store];
        return [
          withPhone.book(command(org, { phone: p.phone, email: p.email, name: null }, 2 * i)),
          emailOnly.book(command(org, { phone: null, email: p.email, name: null }, 2 * i + 1)),
        ];
      });
      const booked = onlyBookingsOrTaken(await Promise.all(pending));
      expect(booked).toHaveLength(80);
      const split = people.filter(
        (_, i) => booked[2 * i]?.receipt.contact.id !== booked[2 * i + 1]?.receipt.contact.id,
      );
      expect(split.map((p) => p.email)).toEqual([]);
      expect([await contactsOf(org), await appointmentsOf(org)]).toEqual([40, 80]);
    },
  );
});
