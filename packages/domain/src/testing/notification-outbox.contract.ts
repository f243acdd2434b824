/**
 * @module testing/notification-outbox.contract
 * One contract for the notification outbox and the clinic's notification settings, in memory and
 * on every SQL back end. Jobs are made the way production makes them, by booking, moving and
 * cancelling through the `BookingStore` (a trigger on `appointments` in SQL): what each change
 * queues (`planNotifications`), the reminder's instant (whole days on the clinic's calendar,
 * across DST; none inside the window), a move replacing and a cancel withdrawing the pending
 * reminder; claiming with the send's context; prepare keeping the first text; complete, fail
 * with backoff, drop, delivery reports; settings and opt-outs per sender. `setup` gives a FRESH
 * database (opt-outs apply to every clinic sending from a number).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import type { ContactDetails } from "../contacts/contact.ts";
import type { Channel, NotificationJob } from "../notifications/notification.ts";
import { reminderInstant } from "../notifications/notification-plan.ts";
import { defaultNotificationSettings, type NotificationSettings } from "../notifications/notification-settings.ts";
import type { BookingStore } from "../ports/booking-store.port.ts";
import type { NotificationOutbox } from "../ports/notification-outbox.port.ts";
import type { NotificationSettingsStore } from "../ports/notification-settings.port.ts";
import type { Email } from "../values/email.ts";
import type { OrgId } from "../values/org-id.ts";
import type { PhoneNumber } from "../values/phone-number.ts";
import { at, bookCommand, clinic, placementAt } from "./booking-contract-kit.ts";
import { code, unwrap, versionless } from "./contract-assertions.ts";

export interface NotificationWorld {
  readonly outbox: NotificationOutbox;
  readonly settings: NotificationSettingsStore;
  readonly store: BookingStore;
}

export interface NotificationOutboxFixture {
  /** A fresh database (no jobs, no opt-outs) in which these clinics exist. */
  setup(clinics: readonly ClinicSettings[]): Promise<NotificationWorld>;
}

export interface NotificationOutboxCase {
  readonly name: string;
  run(fixture: NotificationOutboxFixture): Promise<void>;
}

const SLACK = 1000;
const patient: ContactDetails = {
  phone: "+447700900501" as PhoneNumber,
  email: "amira@example.com" as Email,
  name: "Amira",
};

async function world(fixture: NotificationOutboxFixture, overrides: Partial<ClinicSettings> = {}) {
  const settings = clinic({ name: "Harbour Street Clinic", ...overrides });
  return { ...(await fixture.setup([settings])), org: settings.orgId, clinic: settings };
}

const claimAll = (outbox: NotificationOutbox) => unwrap(outbox.claim(100, 600));

/** The claimed jobs as `kind/channel@dueAt`, sorted. */
const shape = (jobs: readonly NotificationJob[]) =>
  jobs.map((j) => `${j.kind}/${j.channel}/v${j.version}@${j.dueAt.toISOString()}`).sort();

const both = (kind: string, version: number, dueAt: Date) =>
  (["email", "sms"] as const satisfies readonly Channel[]).map(
    (c) => `${kind}/${c}/v${version}@${dueAt.toISOString()}`,
  );

function near(a: Date, b: number): void {
  assert.ok(Math.abs(a.getTime() - b) <= SLACK, `${a.toISOString()} is not near ${new Date(b).toISOString()}`);
}

/** The pending reminders, as `shape` writes them. */
const reminders = (jobs: readonly NotificationJob[]) => shape(jobs.filter((j) => j.kind === "reminder"));

async function bookOne(store: BookingStore, org: OrgId, minutes = 0) {
  const { receipt } = await unwrap(store.book(bookCommand(org, patient, minutes)));
  return receipt.appointment;
}

const move = (store: BookingStore, org: OrgId, appointmentId: string, minutes: number) =>
  unwrap(store.reschedule({ orgId: org, appointmentId, ...placementAt(org, minutes) }));

/** Minutes from the contract's base instant to `ms` from now. */
const fromNow = (ms: number) => Math.round((Date.now() + ms - at(0).getTime()) / 60_000);

export const notificationOutboxContract: readonly NotificationOutboxCase[] = [
  {
    name: "a booking queues a confirmation on each channel, due now, and a reminder a day before, claimed with what sending needs",
    async run(fixture) {
      const { outbox, store, org, clinic: settings } = await world(fixture);
      const before = Date.now();
      const a = await bookOne(store, org);
      const summary = await unwrap(outbox.summary());
      assert.deepEqual([summary.due, summary.scheduled], [2, 2]);
      const jobs = await claimAll(outbox);
      assert.equal(jobs.length, 2);
      for (const job of jobs) near(job.dueAt, before);
      const [job] = jobs;
      assert.ok(job !== undefined);
      assert.deepEqual(
        { ...job, id: 0, dueAt: null, channel: null, clinic: job.clinic === null ? null : versionless(job.clinic) },
        {
          id: 0,
          orgId: org,
          appointmentId: a.id,
          channel: null,
          kind: "booked",
          version: 1,
          startsAt: a.startsAt,
          messageKey: `${a.id}:booked:1:${job.channel}`,
          dueAt: null,
          attempts: 0,
          lastError: null,
          prepared: null,
          appointment: a,
          contact: { phone: patient.phone, email: patient.email },
          clinic: settings,
          settings: defaultNotificationSettings(org),
          optedOut: false,
        },
      );
      assert.deepEqual(await claimAll(outbox), [], "leased jobs are not claimed again");
    },
  },
  {
    name: "the reminder is due a calendar day before in the clinic's zone (across DST), or the exact minutes of a lead that is not whole days",
    async run(fixture) {
      const { outbox, store, org, settings } = await world(fixture);
      // Sunday 28 March 2027 12:00 BST; the day before, Saturday 12:00 GMT, is 25 hours earlier.
      const minutes = (Date.parse("2027-03-28T11:00:00Z") - at(0).getTime()) / 60_000;
      const first = await bookOne(store, org, minutes);
      await unwrap(settings.saveSettings({ ...defaultNotificationSettings(org), reminderLeadMinutes: 90 }));
      const second = await bookOne(store, org, minutes + 120);
      assert.deepEqual(reminders(await unwrap(outbox.pendingFor(org, first.id))), [
        "reminder/email/v1@2027-03-27T12:00:00.000Z",
        "reminder/sms/v1@2027-03-27T12:00:00.000Z",
      ]);
      assert.deepEqual(reminders(await unwrap(outbox.pendingFor(org, second.id))), [
        "reminder/email/v1@2027-03-28T11:30:00.000Z",
        "reminder/sms/v1@2027-03-28T11:30:00.000Z",
      ]);
    },
  },
  {
    name: "a booking inside the lead time gets no reminder; a lead of 0 turns reminders off",
    async run(fixture) {
      const { outbox, store, org, settings } = await world(fixture);
      const soon = await bookOne(store, org, fromNow(2 * 3600 * 1000));
      await unwrap(settings.saveSettings({ ...defaultNotificationSettings(org), reminderLeadMinutes: 0 }));
      const off = await bookOne(store, org, 0);
      assert.deepEqual(reminders(await unwrap(outbox.pendingFor(org, soon.id))), []);
      assert.deepEqual(reminders(await unwrap(outbox.pendingFor(org, off.id))), []);
      const summary = await unwrap(outbox.summary());
      assert.deepEqual([summary.due, summary.scheduled], [4, 0]);
    },
  },
  {
    name: "a move queues a 'rescheduled' confirmation and replaces the reminder; a cancel queues 'cancelled' and withdraws it",
    async run(fixture) {
      const { outbox, store, org } = await world(fixture);
      const a = await bookOne(store, org);
      await claimAll(outbox);
      const moved = await move(store, org, a.id, 60 * 24);
      const day = reminderInstant(moved.startsAt, 24 * 60, "Europe/London");
      assert.deepEqual(reminders(await unwrap(outbox.pendingFor(org, a.id))), both("reminder", 2, day));
      assert.deepEqual(
        shape(await claimAll(outbox)).map((s) => s.replace(/@.*/, "")),
        ["rescheduled/email/v2", "rescheduled/sms/v2"],
      );
      await unwrap(store.cancel(org, a.id));
      assert.deepEqual(reminders(await unwrap(outbox.pendingFor(org, a.id))), [], "the reminder is withdrawn");
      assert.deepEqual(
        shape(await claimAll(outbox)).map((s) => s.replace(/@.*/, "")),
        ["cancelled/email/v3", "cancelled/sms/v3"],
      );
    },
  },
  {
    name: "prepare keeps the first text; complete, drop and fail settle a pending job once; delivery reports find the sent one",
    async run(fixture) {
      const { outbox, store, org } = await world(fixture);
      await bookOne(store, org);
      const [sms, email] = [...(await claimAll(outbox))].sort((x, y) => x.channel.localeCompare(y.channel)).reverse();
      assert.ok(sms !== undefined && email !== undefined);
      assert.equal(await unwrap(outbox.prepare(sms.id, "+447700900501", "first")), true);
      assert.equal(await unwrap(outbox.prepare(sms.id, "+447700900501", "second")), true);
      const before = Date.now();
      const next = await unwrap(outbox.fail(sms.id, "UNAVAILABLE"));
      assert.ok(
        next !== null && next.getTime() >= before + 3750 - SLACK && next.getTime() <= Date.now() + 5000 + SLACK,
      );
      assert.equal(await unwrap(outbox.complete(sms.id, "SM123")), true);
      assert.equal(await unwrap(outbox.complete(sms.id, "SM124")), false, "completed once");
      assert.equal(await unwrap(outbox.drop(email.id, "NO_RECIPIENT")), true);
      assert.equal(await unwrap(outbox.drop(email.id, "NO_RECIPIENT")), false);
      assert.equal(await unwrap(outbox.fail(email.id, "x")), null);
      assert.equal(await unwrap(outbox.recordDelivery("sms", "SM123", "delivered")), true);
      assert.equal(await unwrap(outbox.recordDelivery("sms", "SM999", "delivered")), false);
      assert.equal(await unwrap(outbox.recordDelivery("email", "SM123", "delivered")), false);
      const summary = await unwrap(outbox.summary());
      assert.deepEqual([summary.due, summary.scheduled], [0, 2]);
    },
  },
  {
    name: "a job claimed again carries what was prepared and its failed attempts",
    async run(fixture) {
      const { outbox, store, org } = await world(fixture);
      await bookOne(store, org);
      const [job] = await unwrap(outbox.claim(1, 0));
      assert.ok(job !== undefined);
      await unwrap(outbox.prepare(job.id, "+447700900501", "the text"));
      const again = (await claimAll(outbox)).find((j) => j.id === job.id);
      assert.ok(again !== undefined, "a zero-second lease has lapsed");
      assert.deepEqual([again.prepared?.to, again.prepared?.body], ["+447700900501", "the text"]);
      near(again.prepared?.at ?? new Date(0), Date.now());
    },
  },
  {
    name: "settings: the defaults until saved, saved as given, UNKNOWN_ORG for a clinic that does not exist",
    async run(fixture) {
      const { settings, org } = await world(fixture);
      assert.deepEqual(await unwrap(settings.getSettings(org)), defaultNotificationSettings(org));
      const mine: NotificationSettings = {
        orgId: org,
        sms: true,
        email: false,
        reminderLeadMinutes: 120,
        sender: "HARBOURST",
        twoWaySms: false,
        replyPhone: "+441234567890",
        icsAttachment: false,
        templates: { booked: "{clinic}: see you {when}." },
      };
      assert.deepEqual(await unwrap(settings.saveSettings(mine)), mine);
      assert.deepEqual(await unwrap(settings.getSettings(org)), mine);
      const unknown = randomUUID() as OrgId;
      assert.equal(await code(settings.getSettings(unknown)), "UNKNOWN_ORG");
      assert.equal(await code(settings.saveSettings({ ...mine, orgId: unknown })), "UNKNOWN_ORG");
    },
  },
  {
    name: "an opt-out applies to the clinics sending from that number (null: the service's default) and shows on claimed jobs",
    async run(fixture) {
      const [a, b] = [clinic({ name: "A" }), clinic({ name: "B" })];
      const { settings, store, outbox } = await fixture.setup([a, b]);
      await unwrap(settings.saveSettings({ ...defaultNotificationSettings(b.orgId), sender: "+447700900999" }));
      assert.equal(await unwrap(settings.setOptOut(null, patient.phone ?? "", true)), 1);
      await bookOne(store, a.orgId);
      await bookOne(store, b.orgId);
      const opted = (await claimAll(outbox)).map((j) => [j.orgId === a.orgId ? "A" : "B", j.optedOut]);
      assert.deepEqual(opted.sort(), [
        ["A", true],
        ["A", true],
        ["B", false],
        ["B", false],
      ]);
      assert.equal(await unwrap(settings.setOptOut("+447700900999", patient.phone ?? "", true)), 1);
      assert.equal(await unwrap(settings.setOptOut(null, patient.phone ?? "", false)), 1);
      assert.equal(await unwrap(settings.setOptOut("+440000000000", patient.phone ?? "", true)), 0);
      const own = await unwrap(settings.clinicsSendingFrom("+447700900999"));
      assert.deepEqual(
        own.map((s) => [s.orgId, s.sender]),
        [[b.orgId, "+447700900999"]],
      );
      const byDefault = await unwrap(settings.clinicsSendingFrom(null));
      assert.deepEqual(byDefault, [defaultNotificationSettings(a.orgId)]);
    },
  },
];
