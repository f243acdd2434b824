/**
 * What the outbox contract cannot show without waiting: leases running out, backoff delays and
 * due times, on the in-memory twin with a manual clock.
 */
import { describe, expect, it } from "vitest";
import { defaultClinicSettings, type OrgId, type PhoneNumber } from "../../src/index.ts";
import {
  backoffSeconds,
  bookCommand,
  InMemoryBookingStore,
  InMemoryClinicDirectory,
  InMemorySyncOutbox,
  ManualClock,
  MemoryDatabase,
} from "../../src/testing/index.ts";

const ORG = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
const T0 = "2026-11-23T08:00:00.000Z";
const SECOND = 1000;

function world(random = () => 0.5) {
  const clock = new ManualClock(T0);
  const db = new MemoryDatabase({ now: () => clock.nowSync() });
  new InMemoryClinicDirectory(db).add(defaultClinicSettings(ORG));
  db.linkCalendar(ORG);
  const store = new InMemoryBookingStore({ db });
  const outbox = new InMemorySyncOutbox(db, { random });
  const book = async (n: number) => {
    const contact = { phone: `+44770090010${n}` as PhoneNumber, email: null, name: null };
    return (await store.book(bookCommand(ORG, contact, n * 30)))._unsafeUnwrap().receipt.appointment.id;
  };
  const claim = async (limit = 10) => (await outbox.claim(limit, 60))._unsafeUnwrap();
  const summary = async () => (await outbox.summary())._unsafeUnwrap();
  return { clock, db, outbox, book, claim, summary };
}

function only<T>(items: readonly T[]): T {
  const [item] = items;
  if (items.length !== 1 || item === undefined) throw new Error(`expected one item, got ${items.length}`);
  return item;
}

const at = (seconds: number) => new Date(Date.parse(T0) + seconds * SECOND);

describe("backoffSeconds", () => {
  it("is 5 s doubling per attempt, capped at an hour, then jittered to 75–100%", () => {
    expect([backoffSeconds(0, 0), backoffSeconds(0, 1), backoffSeconds(1, 1), backoffSeconds(3, 0.5)]).toEqual([
      3.75, 5, 10, 35,
    ]);
    expect([backoffSeconds(10, 1), backoffSeconds(10, 0), backoffSeconds(1000, 1)]).toEqual([3600, 2700, 3600]);
  });
});

describe("InMemorySyncOutbox on a manual clock", () => {
  it("a lease holds the job until exactly its end", async () => {
    const { clock, book, claim } = world();
    await book(1);
    const job = only(await claim());
    clock.advance(59 * SECOND);
    expect(await claim()).toEqual([]);
    clock.advance(SECOND);
    expect(only(await claim()).id).toBe(job.id);
  });

  it("a failed job is due again at the backoff it answered, with its attempts and last error", async () => {
    const { clock, outbox, book, claim, summary } = world(() => 1);
    await book(1);
    const job = only(await claim());
    expect((await outbox.fail(job.id, "Google answered 503"))._unsafeUnwrap()).toEqual(at(5));
    clock.advance(5 * SECOND - 1);
    expect(await claim()).toEqual([]);
    expect(await summary()).toMatchObject({ due: 0, scheduled: 1, parked: 0, oldestDueAt: null });
    clock.advance(1);
    expect(await summary()).toMatchObject({ due: 1, scheduled: 0, parked: 0, oldestDueAt: at(5) });
    const again = only(await claim());
    expect([again.id, again.attempts, again.lastError]).toEqual([job.id, 1, "Google answered 503"]);
    expect((await outbox.fail(job.id, "again"))._unsafeUnwrap()).toEqual(at(15));
  });

  it("oldestDueAt is the earliest due time among due jobs; jobs due later are left out", async () => {
    const { clock, outbox, book, claim, summary } = world(() => 0);
    await book(1);
    clock.advance(10 * SECOND);
    await book(2);
    expect((await summary()).oldestDueAt).toEqual(at(0));
    const first = only(await claim(1));
    await outbox.fail(first.id, "timeout");
    expect(await summary()).toEqual({
      due: 1,
      scheduled: 1,
      parked: 0,
      oldestDueAt: at(10),
      clinics: [{ orgId: ORG, due: 1, scheduled: 1, parked: 0, oldestDueAt: at(10) }],
    });
  });

  it("requeue makes parked jobs due at the moment of the requeue, ahead of later jobs", async () => {
    const { clock, db, outbox, book, claim } = world();
    await book(1);
    const job = only(await claim());
    await outbox.park(job.id, "CALENDAR_REAUTH_REQUIRED");
    clock.advance(60 * SECOND);
    expect((await outbox.requeue(ORG))._unsafeUnwrap()).toBe(1);
    clock.advance(SECOND);
    await book(2);
    expect(db.outbox().map((j) => [j.nextAttemptAt, j.parkedAt, j.attempts])).toEqual([
      [at(60), null, 0],
      [at(61), null, 0],
    ]);
    expect((await claim()).map((j) => j.id)).toEqual([job.id, job.id + 1]);
  });
});
