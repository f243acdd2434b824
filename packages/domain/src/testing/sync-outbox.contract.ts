/**
 * @module testing/sync-outbox.contract
 * One contract for every `SyncOutbox`: in memory, PGlite, real Postgres, supabase-js. Jobs are made
 * the way production makes them, by booking, moving and cancelling through the `BookingStore`. What
 * we rely on: every change of a clinic with a calendar link enqueues its version, and nothing else
 * does (a clinic without a link gets no jobs; linking enqueues what its calendar lacks); a claim leases due jobs
 * oldest first and hands each over with the appointment as it is now, its contact and the clinic; a
 * leased job is not claimed twice; completing records a sync only for the current version; a
 * failure backs off (5 s doubling, jittered to 75–100%); a parked job waits for `requeue`; the
 * summary counts all of it. No case waits for time to pass: the SQL clock cannot be stepped.
 * Each case throws (node:assert) on failure: `for (const c of syncOutboxContract) it(c.name, () => c.run(fixture))`.
 * `setup` must give an EMPTY outbox (a fresh database), so claims and summaries see only the case's jobs;
 * the contract links clinics' calendars itself, through the `IntegrationStore` the fixture gives
 * (sharing the database with the outbox, as `tenant_integrations` does).
 */
import assert from "node:assert/strict";
import type { Clinic } from "../clinic/clinic.ts";
import type { ContactDetails } from "../contacts/contact.ts";
import type { BookingStore } from "../ports/booking-store.port.ts";
import type { ClinicDirectory } from "../ports/clinic-directory.port.ts";
import type { IntegrationStore } from "../ports/integration-store.port.ts";
import type { Backlog, ClaimedSyncJob, OutboxSummary, SyncOutbox } from "../ports/sync-outbox.port.ts";
import type { Email } from "../values/email.ts";
import type { OrgId } from "../values/org-id.ts";
import type { PhoneNumber } from "../values/phone-number.ts";
import { bookCommand, clinic as contractClinic, placementAt } from "./booking-contract-kit.ts";
import { code, unwrap, versionless } from "./contract-assertions.ts";

export interface SyncOutboxFixture {
  /** A fresh database (an empty outbox) in which these clinics exist. */
  setup(
    clinics: readonly Clinic[],
  ): Promise<{ outbox: SyncOutbox; store: BookingStore; clinics: ClinicDirectory; integrations: IntegrationStore }>;
}

export interface SyncOutboxCase {
  readonly name: string;
  run(fixture: SyncOutboxFixture): Promise<void>;
}

const SECOND = 1000;
/** Allowance for clock granularity between the test process and the database. */
const SLACK = 500;
/** A job id no fresh database has handed out. */
const NO_SUCH_JOB = 987_654_321;

const phone = (n: number) => `+4477009002${String(n).padStart(2, "0")}` as PhoneNumber;
const caller = (n: number): ContactDetails => ({ phone: phone(n), email: null, name: null });
const empty: OutboxSummary = { due: 0, scheduled: 0, parked: 0, oldestDueAt: null, clinics: [] };

/** Links the clinic's calendar, as the OAuth callback does. */
async function link(integrations: IntegrationStore, org: OrgId): Promise<void> {
  const tokens = { accessToken: null, refreshToken: "1//contract", expiresAt: null, scope: null };
  await unwrap(integrations.save({ orgId: org, provider: "google", calendarId: "primary", tokens }));
}

/** A fresh database with these clinics, every one linked except `unlinked`. */
async function world(fixture: SyncOutboxFixture, clinics: readonly Clinic[], unlinked: readonly OrgId[] = []) {
  const w = await fixture.setup(clinics);
  for (const c of clinics) if (!unlinked.includes(c.orgId)) await link(w.integrations, c.orgId);
  return w;
}

async function oneClinic(fixture: SyncOutboxFixture) {
  const settings = contractClinic({ name: "Outbox Clinic" });
  return { ...(await world(fixture, [settings])), org: settings.orgId, settings };
}

/** The summary without its instants and per-clinic rows: due, scheduled, parked. */
const counts = (s: Backlog) => [s.due, s.scheduled, s.parked];

/** Books `caller(n)` at `slot` half-hours after the contract's base instant; the appointment id. */
async function book(store: BookingStore, org: OrgId, n: number, slot = n): Promise<string> {
  const { receipt } = await unwrap(store.book(bookCommand(org, caller(n), slot * 30)));
  return receipt.appointment.id;
}

/** Moves the appointment to `minutes` after the contract's base instant; the moved appointment. */
function moveTo(store: BookingStore, org: OrgId, appointmentId: string, minutes: number) {
  return unwrap(store.reschedule({ ...placementAt(org, minutes), orgId: org, appointmentId }));
}

const claimAll = (outbox: SyncOutbox) => unwrap(outbox.claim(100, 600));

function only(jobs: readonly ClaimedSyncJob[]): ClaimedSyncJob {
  assert.equal(jobs.length, 1, `expected one job, got ${JSON.stringify(jobs)}`);
  const [job] = jobs;
  if (job === undefined) return assert.fail("no job");
  return job;
}

/** `at` lies within [from, to], give or take the clock slack. */
function within(at: Date | null, from: number, to: number): void {
  assert.ok(at instanceof Date, `expected an instant, got ${String(at)}`);
  const t = at.getTime();
  assert.ok(
    t >= from - SLACK && t <= to + SLACK,
    `${at.toISOString()} not within ${new Date(from).toISOString()}..${new Date(to).toISOString()}`,
  );
}

/** Fails the job and checks the backoff: `seconds` (before jitter) from the moment of the call. */
async function failAndExpectBackoff(outbox: SyncOutbox, jobId: number, seconds: number): Promise<void> {
  const before = Date.now();
  const next = await unwrap(outbox.fail(jobId, "Google answered 503"));
  within(next, before + 0.75 * seconds * SECOND, Date.now() + seconds * SECOND);
}

export const syncOutboxContract: readonly SyncOutboxCase[] = [
  {
    name: "an empty outbox claims nothing and counts nothing; a job that does not exist cannot be completed, failed or parked",
    async run(fixture) {
      const { outbox } = await oneClinic(fixture);
      assert.deepEqual(await unwrap(outbox.summary()), empty);
      assert.deepEqual(await unwrap(outbox.claim(10, 60)), []);
      assert.equal(await unwrap(outbox.complete(NO_SUCH_JOB, null)), false);
      assert.equal(
        await unwrap(outbox.complete(NO_SUCH_JOB, { version: 1, eventId: "evt", calendarId: "primary" })),
        false,
      );
      assert.equal(await unwrap(outbox.fail(NO_SUCH_JOB, "boom")), null);
      assert.equal(await unwrap(outbox.park(NO_SUCH_JOB, "boom")), false);
    },
  },
  {
    name: "a booking enqueues one due job, claimed with the appointment, its contact's phone and email, and the clinic",
    async run(fixture) {
      const { outbox, store, org, settings } = await oneClinic(fixture);
      const before = Date.now();
      const details: ContactDetails = { phone: phone(1), email: "amira@example.com" as Email, name: "Amira" };
      const { receipt } = await unwrap(store.book(bookCommand(org, details, 0)));
      const summary = await unwrap(outbox.summary());
      assert.deepEqual(counts(summary), [1, 0, 0]);
      within(summary.oldestDueAt, before, Date.now());
      assert.deepEqual(
        summary.clinics.map((c) => [c.orgId, c.due, c.scheduled, c.parked, c.oldestDueAt?.getTime()]),
        [[org, 1, 0, 0, summary.oldestDueAt?.getTime()]],
      );
      const job = only(await unwrap(outbox.claim(10, 60)));
      assert.equal(typeof job.id, "number");
      const expected: ClaimedSyncJob = {
        id: job.id,
        orgId: org,
        appointmentId: receipt.appointment.id,
        version: 1,
        attempts: 0,
        lastError: null,
        appointment: receipt.appointment,
        contact: { phone: phone(1), email: "amira@example.com" as Email },
        clinic: settings,
      };
      assert.deepEqual({ ...job, clinic: job.clinic === null ? null : versionless(job.clinic) }, expected);
    },
  },
  {
    name: "jobs are claimed oldest first, up to the limit; a leased job is not claimed again and still counts as due",
    async run(fixture) {
      const { outbox, store, org } = await oneClinic(fixture);
      const ids = [await book(store, org, 1), await book(store, org, 2), await book(store, org, 3)];
      const first = await unwrap(outbox.claim(2, 600));
      assert.deepEqual(
        first.map((j) => j.appointmentId),
        ids.slice(0, 2),
      );
      const rest = await unwrap(outbox.claim(10, 600));
      assert.deepEqual(
        rest.map((j) => j.appointmentId),
        ids.slice(2),
      );
      const jobIds = [...first, ...rest].map((j) => j.id);
      assert.deepEqual(
        jobIds,
        [...jobIds].sort((a, b) => a - b),
      );
      assert.deepEqual(await unwrap(outbox.claim(10, 600)), []);
      const summary = await unwrap(outbox.summary());
      assert.deepEqual([summary.due, summary.scheduled, summary.parked], [3, 0, 0]);
    },
  },
  {
    name: "a lease that has run out frees the job (a zero lease runs out at once)",
    async run(fixture) {
      const { outbox, store, org } = await oneClinic(fixture);
      await book(store, org, 1);
      const claimed = only(await unwrap(outbox.claim(10, 0)));
      const again = only(await unwrap(outbox.claim(10, 600)));
      assert.equal(again.id, claimed.id);
      assert.deepEqual(await unwrap(outbox.claim(10, 600)), []);
    },
  },
  {
    name: "a reschedule and a cancel each enqueue their version; every claim shows the appointment as it is now",
    async run(fixture) {
      const { outbox, store, org } = await oneClinic(fixture);
      const id = await book(store, org, 1);
      await moveTo(store, org, id, 120);
      const cancelled = await unwrap(store.cancel(org, id));
      await unwrap(store.cancel(org, id));
      const jobs = await claimAll(outbox);
      assert.deepEqual(
        jobs.map((j) => [j.appointmentId, j.version]),
        [
          [id, 1],
          [id, 2],
          [id, 3],
        ],
      );
      for (const j of jobs) assert.deepEqual(j.appointment, cancelled);
    },
  },
  {
    name: "a replayed booking and a refused one enqueue nothing",
    async run(fixture) {
      const { outbox, store, org } = await oneClinic(fixture);
      const keyed = bookCommand(org, caller(1), 0, { idempotencyKey: "call_outbox_1" });
      await unwrap(store.book(keyed));
      assert.equal((await unwrap(store.book({ ...keyed }))).replayed, true);
      assert.equal(await code(store.book(bookCommand(org, caller(2), 15))), "SLOT_UNAVAILABLE");
      assert.equal(only(await claimAll(outbox)).appointmentId, keyed.appointmentId);
    },
  },
  {
    name: "complete with the synced version marks the appointment synced and removes the job, once",
    async run(fixture) {
      const { outbox, store, org } = await oneClinic(fixture);
      const id = await book(store, org, 1);
      const job = only(await claimAll(outbox));
      assert.equal(
        await unwrap(outbox.complete(job.id, { version: 1, eventId: "evtcontract1", calendarId: "primary" })),
        true,
      );
      const synced = await unwrap(store.getAppointment(org, id));
      assert.deepEqual([synced.calendarSync, synced.calendarEventId, synced.version], ["synced", "evtcontract1", 1]);
      assert.deepEqual(await unwrap(outbox.summary()), empty);
      assert.equal(await unwrap(outbox.complete(job.id, null)), false);
    },
  },
  {
    name: "complete with a stale version removes its job but leaves the appointment pending",
    async run(fixture) {
      const { outbox, store, org } = await oneClinic(fixture);
      const id = await book(store, org, 1);
      const moved = await moveTo(store, org, id, 120);
      const [v1, v2] = await claimAll(outbox);
      assert.ok(v1 !== undefined && v2 !== undefined && v1.version === 1 && v2.version === 2);
      assert.equal(
        await unwrap(outbox.complete(v1.id, { version: 1, eventId: "evtstale", calendarId: "primary" })),
        true,
      );
      assert.deepEqual(await unwrap(store.getAppointment(org, id)), moved);
      assert.equal((await unwrap(outbox.summary())).due, 1);
      assert.equal(
        await unwrap(outbox.complete(v2.id, { version: 2, eventId: "evtcurrent", calendarId: "primary" })),
        true,
      );
      const synced = await unwrap(store.getAppointment(org, id));
      assert.deepEqual([synced.calendarSync, synced.calendarEventId], ["synced", "evtcurrent"]);
    },
  },
  {
    name: "syncing the current version also removes the appointment's older jobs, not other appointments' jobs",
    async run(fixture) {
      const { outbox, store, org } = await oneClinic(fixture);
      const id = await book(store, org, 1);
      await moveTo(store, org, id, 120);
      const other = await book(store, org, 2, 6);
      const jobs = await claimAll(outbox);
      const v1 = jobs.find((j) => j.appointmentId === id && j.version === 1);
      const v2 = jobs.find((j) => j.appointmentId === id && j.version === 2);
      assert.ok(v1 !== undefined && v2 !== undefined);
      assert.equal(await unwrap(outbox.complete(v2.id, { version: 2, eventId: "evtv2", calendarId: "primary" })), true);
      assert.equal(await unwrap(outbox.complete(v1.id, null)), false);
      const left = await unwrap(outbox.summary());
      assert.equal(left.due, 1);
      assert.equal((await unwrap(store.getAppointment(org, other))).calendarSync, "pending");
    },
  },
  {
    name: "complete without a synced version removes the job and leaves the appointment pending",
    async run(fixture) {
      const { outbox, store, org } = await oneClinic(fixture);
      const id = await book(store, org, 1);
      const job = only(await claimAll(outbox));
      assert.equal(await unwrap(outbox.complete(job.id, null)), true);
      const appointment = await unwrap(store.getAppointment(org, id));
      assert.deepEqual([appointment.calendarSync, appointment.calendarEventId], ["pending", null]);
      assert.deepEqual(await unwrap(outbox.summary()), empty);
    },
  },
  {
    name: "fail releases the job for later (5 s, then 10 s, jittered to 75–100%) and counts it as scheduled",
    async run(fixture) {
      const { outbox, store, org } = await oneClinic(fixture);
      await book(store, org, 1);
      const job = only(await claimAll(outbox));
      await failAndExpectBackoff(outbox, job.id, 5);
      assert.deepEqual(await unwrap(outbox.claim(10, 60)), []);
      assert.deepEqual(counts(await unwrap(outbox.summary())), [0, 1, 0]);
      await failAndExpectBackoff(outbox, job.id, 10);
      assert.deepEqual(counts(await unwrap(outbox.summary())), [0, 1, 0]);
    },
  },
  {
    name: "a parked job is never claimed; requeue makes its clinic's parked jobs due now, attempts reset, reason kept",
    async run(fixture) {
      const a = contractClinic({ name: "Outbox Clinic A" });
      const b = contractClinic({ name: "Outbox Clinic B" });
      const { outbox, store } = await world(fixture, [a, b]);
      const inA = await book(store, a.orgId, 1);
      const inB = await book(store, b.orgId, 2);
      const jobs = await claimAll(outbox);
      const jobA = jobs.find((j) => j.appointmentId === inA);
      const jobB = jobs.find((j) => j.appointmentId === inB);
      assert.ok(jobA !== undefined && jobB !== undefined);
      await unwrap(outbox.fail(jobA.id, "Google answered 503"));
      assert.equal(await unwrap(outbox.park(jobA.id, "CALENDAR_REAUTH_REQUIRED")), true);
      assert.equal(await unwrap(outbox.park(jobB.id, "CALENDAR_NOT_LINKED")), true);
      assert.deepEqual(counts(await unwrap(outbox.summary())), [0, 0, 2]);
      assert.deepEqual(await unwrap(outbox.claim(10, 60)), []);

      assert.equal(await unwrap(outbox.requeue(a.orgId)), 1);
      assert.equal(await unwrap(outbox.requeue(a.orgId)), 0);
      const summary = await unwrap(outbox.summary());
      assert.deepEqual([summary.due, summary.scheduled, summary.parked], [1, 0, 1]);
      const requeued = only(await unwrap(outbox.claim(10, 60)));
      assert.deepEqual([requeued.id, requeued.attempts, requeued.lastError], [jobA.id, 0, "CALENDAR_REAUTH_REQUIRED"]);
      assert.equal(await unwrap(outbox.requeue(b.orgId)), 1);
      assert.equal(only(await unwrap(outbox.claim(10, 60))).id, jobB.id);
    },
  },
  {
    name: "the summary counts due (leased included), scheduled and parked jobs, and when the oldest due job became due",
    async run(fixture) {
      const { outbox, store, org } = await oneClinic(fixture);
      const before = Date.now();
      for (const n of [1, 2, 3, 4]) await book(store, org, n);
      const booked = Date.now();
      const [first, , third, fourth] = await claimAll(outbox);
      assert.ok(first !== undefined && third !== undefined && fourth !== undefined);
      await unwrap(outbox.fail(third.id, "timeout"));
      await unwrap(outbox.park(fourth.id, "CALENDAR_NOT_LINKED"));
      const summary = await unwrap(outbox.summary());
      assert.deepEqual([summary.due, summary.scheduled, summary.parked], [2, 1, 1]);
      within(summary.oldestDueAt, before, booked);
      assert.equal(await unwrap(outbox.complete(first.id, null)), true);
      assert.equal((await unwrap(outbox.summary())).due, 1);
    },
  },
  {
    name: "the summary has a row per clinic with jobs, the most due first; a clinic without jobs has none",
    async run(fixture) {
      const [a, b, idle] = ["A", "B", "Idle"].map((n) => contractClinic({ name: `Outbox Clinic ${n}` }));
      assert.ok(a !== undefined && b !== undefined && idle !== undefined);
      const { outbox, store } = await world(fixture, [a, b, idle]);
      await book(store, a.orgId, 1);
      for (const n of [2, 3]) await book(store, b.orgId, n);
      const summary = await unwrap(outbox.summary());
      assert.deepEqual(counts(summary), [3, 0, 0]);
      assert.deepEqual(
        summary.clinics.map((c) => [c.orgId, ...counts(c)]),
        [
          [b.orgId, 2, 0, 0],
          [a.orgId, 1, 0, 0],
        ],
      );
    },
  },
  {
    name: "a clinic without a calendar link gets no jobs for its bookings, moves and cancellations",
    async run(fixture) {
      const linked = contractClinic({ name: "Outbox Clinic Linked" });
      const unlinked = contractClinic({ name: "Outbox Clinic Unlinked" });
      const { outbox, store } = await world(fixture, [linked, unlinked], [unlinked.orgId]);
      const id = await book(store, unlinked.orgId, 1);
      await moveTo(store, unlinked.orgId, id, 120);
      await unwrap(store.cancel(unlinked.orgId, await book(store, unlinked.orgId, 2, 8)));
      assert.deepEqual(await unwrap(outbox.summary()), empty);
      const inLinked = await book(store, linked.orgId, 3);
      assert.deepEqual(
        (await claimAll(outbox)).map((j) => j.appointmentId),
        [inLinked],
      );
    },
  },
  {
    name: "linking enqueues what the calendar lacks: live appointments still to come, once; requeue again adds nothing",
    async run(fixture) {
      const settings = contractClinic({ name: "Outbox Clinic Late Link" });
      const org = settings.orgId;
      const { outbox, store, integrations } = await world(fixture, [settings], [org]);
      const kept = await book(store, org, 1);
      const moved = await book(store, org, 2, 6);
      const movedTo = await moveTo(store, org, moved, 240);
      await unwrap(store.cancel(org, await book(store, org, 3, 10)));
      assert.deepEqual(await unwrap(outbox.summary()), empty);

      await link(integrations, org);
      assert.equal(await unwrap(outbox.requeue(org)), 2);
      assert.equal(await unwrap(outbox.requeue(org)), 0);
      const jobs = await claimAll(outbox);
      assert.deepEqual(
        jobs.map((j) => [j.appointmentId, j.version]).sort(),
        [
          [kept, 1],
          [moved, movedTo.version],
        ].sort(),
      );
    },
  },
];
