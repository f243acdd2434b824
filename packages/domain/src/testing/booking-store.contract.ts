/**
 * @module testing/booking-store.contract
 * One contract for every `BookingStore` (+ `ClinicDirectory`): in memory, PGlite, real Postgres,
 * supabase-js. Each case is a plain async function that throws (node:assert) on failure, so any
 * test runner can loop over them: `for (const c of bookingStoreContract) it(c.name, () => c.run(fixture))`.
 * Every case uses fresh org ids, so one database can serve all cases.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Appointment } from "../appointments/appointment.ts";
import type { CallerProof } from "../contacts/caller.ts";
import type { ContactDetails } from "../contacts/contact.ts";
import type { OrgId } from "../values/org-id.ts";
import type { PhoneNumber } from "../values/phone-number.ts";
import {
  at,
  bookCommand,
  type ContractCase,
  candidatesOf,
  clinic,
  email,
  oneClinic,
  phone,
  placementAt,
} from "./booking-contract-kit.ts";
import { callerContract } from "./booking-store-caller.contract.ts";
import { hotPathContract } from "./booking-store-hot-path.contract.ts";
import { retryContract } from "./booking-store-retry.contract.ts";
import { code, unwrap, versionless } from "./contract-assertions.ts";

export { bookCommand, type ContractCase, type ContractFixture } from "./booking-contract-kit.ts";

/** The contract clinic's default practitioner (on the clinic's calendar). */
const mainOf = (org: OrgId) => {
  const [c] = candidatesOf(org);
  if (c === undefined) throw new Error("a contract clinic has practitioners");
  return c;
};

/** A lookup by caller ID alone. */
const byCallerId = (p: PhoneNumber): CallerProof => ({ callerId: p, phone: null, email: null });

/** Cases of the `Placement` rule: which practitioner a booking or move goes to. */
const placementContract: readonly ContractCase[] = [
  {
    name: "anyone: a busy candidate is skipped; none free is SLOT_UNAVAILABLE and writes nothing",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const [p1, p2] = candidatesOf(org);
      const who = (n: number): ContactDetails => ({ phone: phone(n), email: null, name: null });
      const named = await unwrap(store.book(bookCommand(org, who(50), 0)));
      assert.equal(named.receipt.appointment.practitionerId, p1?.practitionerId);
      const anyone = { candidates: candidatesOf(org) };
      const second = await unwrap(store.book(bookCommand(org, who(51), 0, anyone)));
      assert.deepEqual(
        [second.receipt.appointment.practitionerId, second.receipt.appointment.calendarId],
        [p2?.practitionerId, "dr-2"],
      );
      assert.equal(await code(store.book(bookCommand(org, who(52), 15, anyone))), "SLOT_UNAVAILABLE");
      assert.equal((await unwrap(store.resolveContact(org, who(52)))).path, "created");
    },
  },
  {
    name: "anyone: fewest live appointments that day first, then the least recently booked, then the order given",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const [p1, p2] = candidatesOf(org).map((c) => c.practitionerId);
      const both = { candidates: candidatesOf(org) };
      const who = (n: number): ContactDetails => ({ phone: phone(n), email: null, name: null });
      const booked = async (n: number, minutes: number) =>
        (await unwrap(store.book(bookCommand(org, who(n), minutes, both)))).receipt.appointment.practitionerId;
      assert.equal(await booked(53, 0), p1); // none booked: the order given
      assert.equal(await booked(54, 60), p2); // p1 has one that day
      assert.equal(await booked(55, 120), p1); // one each: p1 was booked longest ago
      assert.equal(await booked(56, 180), p2);
      const cancelled = await unwrap(store.book(bookCommand(org, who(57), 240, both)));
      assert.equal(cancelled.receipt.appointment.practitionerId, p1);
      await unwrap(store.cancel(org, cancelled.receipt.appointment.id));
      assert.equal(await booked(58, 300), p1); // a cancelled appointment counts for nothing
    },
  },
  {
    name: "a move may go to another candidate: practitioner, service and calendar change with it",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const [, p2] = candidatesOf(org);
      const { receipt } = await unwrap(store.book(bookCommand(org, { phone: phone(59), email: null, name: null }, 0)));
      const moved = await unwrap(
        store.reschedule({
          ...placementAt(org, 30),
          candidates: p2 === undefined ? [] : [p2],
          orgId: org,
          appointmentId: receipt.appointment.id,
        }),
      );
      assert.deepEqual(
        [moved.practitionerId, moved.calendarId, moved.startsAt, moved.version],
        [p2?.practitionerId, "dr-2", at(30), 2],
      );
    },
  },
  {
    name: "the buffer before (blocksFrom) keeps the previous appointment away",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const who = (n: number): ContactDetails => ({ phone: phone(n), email: null, name: null });
      await unwrap(store.book(bookCommand(org, who(60), 0)));
      assert.equal(await code(store.book(bookCommand(org, who(61), 35, { blocksFrom: at(25) }))), "SLOT_UNAVAILABLE");
      const ok = await unwrap(store.book(bookCommand(org, who(61), 35, { blocksFrom: at(30) })));
      assert.deepEqual(ok.receipt.appointment.blocksFrom, at(30));
    },
  },
];

const coreContract: readonly ContractCase[] = [
  {
    name: "books a new caller: one contact, one appointment, pending calendar sync",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const cmd = bookCommand(org, { phone: phone(1), email: email("amira@example.com"), name: "Amira Khan" }, 0);
      const { receipt, replayed } = await unwrap(store.book(cmd));
      assert.equal(replayed, false);
      assert.equal(receipt.contactPath, "created");
      assert.deepEqual(
        {
          phone: receipt.contact.phone,
          email: receipt.contact.email,
          name: receipt.contact.name,
          orgId: receipt.contact.orgId,
        },
        { phone: phone(1), email: "amira@example.com", name: "Amira Khan", orgId: org },
      );
      const expected: Appointment = {
        id: cmd.appointmentId,
        orgId: org,
        contactId: receipt.contact.id,
        practitionerId: mainOf(org).practitionerId,
        serviceId: cmd.serviceId,
        calendarId: "primary",
        startsAt: cmd.startsAt,
        endsAt: cmd.endsAt,
        blocksFrom: cmd.blocksFrom,
        blocksUntil: cmd.blocksUntil,
        status: "booked",
        serviceType: "Consultation",
        patientName: "Amira Khan",
        version: 1,
        calendarSync: "pending",
        calendarEventId: null,
        calendarEventCalendarId: null,
      };
      assert.deepEqual(receipt.appointment, expected);
      assert.deepEqual(await unwrap(store.getAppointment(org, cmd.appointmentId)), expected);
    },
  },
  {
    name: "the same phone twice with another email is one contact, updated, with two appointments",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const first = await unwrap(
        store.book(bookCommand(org, { phone: phone(2), email: email("old@example.com"), name: "A" }, 0)),
      );
      const second = await unwrap(
        store.book(bookCommand(org, { phone: phone(2), email: email("new@example.com"), name: "B" }, 60)),
      );
      assert.equal(second.receipt.contact.id, first.receipt.contact.id);
      assert.equal(second.receipt.contactPath, "phone");
      assert.equal(second.receipt.contact.email, "new@example.com");
      assert.equal(second.receipt.contact.name, "B");
      const upcoming = await unwrap(store.findUpcoming(org, byCallerId(phone(2)), at(-60)));
      assert.deepEqual(
        upcoming.map((a) => a.id),
        [first.receipt.appointment.id, second.receipt.appointment.id],
      );
    },
  },
  {
    name: "email only: reuses the contact with that email, else creates a phone-less one",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const withPhone = await unwrap(
        store.book(bookCommand(org, { phone: phone(3), email: email("cy@example.com"), name: "Cy" }, 0)),
      );
      const byEmail = await unwrap(
        store.book(bookCommand(org, { phone: null, email: email("cy@example.com"), name: null }, 60)),
      );
      assert.equal(byEmail.receipt.contact.id, withPhone.receipt.contact.id);
      assert.equal(byEmail.receipt.contactPath, "email");
      const fresh = await unwrap(
        store.book(bookCommand(org, { phone: null, email: email("dee@example.com"), name: "Dee" }, 120)),
      );
      assert.equal(fresh.receipt.contactPath, "created");
      assert.equal(fresh.receipt.contact.phone, null);
      const again = await unwrap(
        store.book(bookCommand(org, { phone: null, email: email("dee@example.com"), name: null }, 180)),
      );
      assert.equal(again.receipt.contact.id, fresh.receipt.contact.id);
    },
  },
  {
    name: "a phone booking gives its phone to the phone-less contact with the same email",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const emailOnly = await unwrap(
        store.book(bookCommand(org, { phone: null, email: email("eve@example.com"), name: "Eve" }, 0)),
      );
      const withPhone = await unwrap(
        store.book(bookCommand(org, { phone: phone(4), email: email("eve@example.com"), name: null }, 60)),
      );
      assert.equal(withPhone.receipt.contact.id, emailOnly.receipt.contact.id);
      assert.equal(withPhone.receipt.contactPath, "promoted");
      assert.equal(withPhone.receipt.contact.phone, phone(4));
      assert.equal(withPhone.receipt.contact.name, "Eve");
    },
  },
  {
    name: "resolveContact finds or creates without booking",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const created = await unwrap(store.resolveContact(org, { phone: phone(5), email: null, name: "Fay" }));
      const found = await unwrap(
        store.resolveContact(org, { phone: phone(5), email: email("fay@example.com"), name: null }),
      );
      assert.equal(created.path, "created");
      assert.equal(found.path, "phone");
      assert.equal(found.contact.id, created.contact.id);
      assert.equal(found.contact.email, "fay@example.com");
      assert.equal(found.contact.name, "Fay");
    },
  },
  {
    name: "an overlapping booking is SLOT_UNAVAILABLE and changes nothing; adjacent, other calendars and other clinics are free",
    async run(fixture) {
      const a = clinic();
      const b = clinic();
      const { store } = await fixture.setup([a, b]);
      const who = (n: number): ContactDetails => ({ phone: phone(n), email: null, name: null });
      await unwrap(store.book(bookCommand(a.orgId, who(6), 0)));
      assert.equal(await code(store.book(bookCommand(a.orgId, who(7), 15))), "SLOT_UNAVAILABLE");
      assert.deepEqual(await unwrap(store.findUpcoming(a.orgId, byCallerId(phone(7)), at(-60))), []);
      const contactAfter = await unwrap(store.resolveContact(a.orgId, who(7)));
      assert.equal(contactAfter.path, "created", "the refused booking must not have created its contact");
      await unwrap(store.book(bookCommand(a.orgId, who(8), 30)));
      await unwrap(store.book(bookCommand(a.orgId, who(9), 0, { candidates: candidatesOf(a.orgId).slice(1) })));
      await unwrap(store.book(bookCommand(b.orgId, who(6), 0)));
    },
  },
  {
    name: "the buffer (blocksUntil) keeps the next appointment away",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const who = (n: number): ContactDetails => ({ phone: phone(n), email: null, name: null });
      await unwrap(store.book(bookCommand(org, who(10), 0, { blocksUntil: at(40) })));
      assert.equal(await code(store.book(bookCommand(org, who(11), 30))), "SLOT_UNAVAILABLE");
      await unwrap(store.book(bookCommand(org, who(11), 40)));
    },
  },
  {
    name: "a retried idempotency key returns the first receipt and books nothing new",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const first = await unwrap(
        store.book(bookCommand(org, { phone: phone(12), email: null, name: "Gus" }, 0, { idempotencyKey: "call_1" })),
      );
      const retry = await unwrap(
        store.book(bookCommand(org, { phone: phone(12), email: null, name: "Gus" }, 0, { idempotencyKey: "call_1" })),
      );
      assert.equal(retry.replayed, true);
      assert.deepEqual(retry.receipt, first.receipt);
      assert.deepEqual(await unwrap(store.replay(org, "call_1")), first.receipt);
      assert.equal(await unwrap(store.replay(org, "call_unknown")), null);
      const busy = await unwrap(
        store.busyIntervals(org, [mainOf(org).practitionerId], { start: at(-600), end: at(600) }),
      );
      assert.equal(busy[mainOf(org).practitionerId]?.length, 1);
    },
  },
  {
    name: "idempotency keys are per clinic",
    async run(fixture) {
      const a = clinic();
      const b = clinic();
      const { store } = await fixture.setup([a, b]);
      const inA = await unwrap(
        store.book(bookCommand(a.orgId, { phone: phone(13), email: null, name: null }, 0, { idempotencyKey: "k" })),
      );
      const inB = await unwrap(
        store.book(bookCommand(b.orgId, { phone: phone(13), email: null, name: null }, 0, { idempotencyKey: "k" })),
      );
      assert.equal(inB.replayed, false);
      assert.notEqual(inB.receipt.appointment.id, inA.receipt.appointment.id);
      assert.notEqual(inB.receipt.contact.id, inA.receipt.contact.id);
    },
  },
  {
    name: "cancelling frees the slot; cancelling again changes nothing",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const { receipt } = await unwrap(store.book(bookCommand(org, { phone: phone(14), email: null, name: null }, 0)));
      const cancelled = await unwrap(store.cancel(org, receipt.appointment.id));
      assert.equal(cancelled.status, "cancelled");
      assert.equal(cancelled.version, 2);
      assert.equal(cancelled.calendarSync, "pending");
      assert.deepEqual(await unwrap(store.cancel(org, receipt.appointment.id)), cancelled);
      await unwrap(store.book(bookCommand(org, { phone: phone(15), email: null, name: null }, 0)));
      assert.deepEqual(await unwrap(store.findUpcoming(org, byCallerId(phone(14)), at(-60))), []);
    },
  },
  {
    name: "rescheduling moves atomically, may overlap its own old slot, and refuses a taken one unchanged",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const mine = await unwrap(store.book(bookCommand(org, { phone: phone(16), email: null, name: null }, 0)));
      await unwrap(store.book(bookCommand(org, { phone: phone(17), email: null, name: null }, 60)));
      const id = mine.receipt.appointment.id;
      const moved = await unwrap(store.reschedule({ ...placementAt(org, 15), orgId: org, appointmentId: id }));
      assert.deepEqual(
        [moved.startsAt, moved.endsAt, moved.version, moved.calendarSync],
        [at(15), at(45), 2, "pending"],
      );
      const taken = { ...placementAt(org, 45), orgId: org, appointmentId: id };
      assert.equal(await code(store.reschedule(taken)), "SLOT_UNAVAILABLE");
      assert.deepEqual(await unwrap(store.getAppointment(org, id)), moved);
      await unwrap(store.cancel(org, id));
      const later = { ...placementAt(org, 120), orgId: org, appointmentId: id };
      assert.equal(await code(store.reschedule(later)), "APPOINTMENT_CANCELLED");
    },
  },
  {
    name: "another clinic's appointment id is not found, for reading and for writing",
    async run(fixture) {
      const a = clinic();
      const b = clinic();
      const { store } = await fixture.setup([a, b]);
      const { receipt } = await unwrap(
        store.book(bookCommand(a.orgId, { phone: phone(18), email: null, name: null }, 0)),
      );
      const id = receipt.appointment.id;
      assert.equal(await code(store.getAppointment(b.orgId, id)), "APPOINTMENT_NOT_FOUND");
      assert.equal(await code(store.cancel(b.orgId, id)), "APPOINTMENT_NOT_FOUND");
      const move = { ...placementAt(b.orgId, 60), orgId: b.orgId, appointmentId: id };
      assert.equal(await code(store.reschedule(move)), "APPOINTMENT_NOT_FOUND");
      assert.equal(await code(store.markCalendarSynced(b.orgId, id, 1, "evt", "primary")), "APPOINTMENT_NOT_FOUND");
      assert.deepEqual(await unwrap(store.findUpcoming(b.orgId, byCallerId(phone(18)), at(-60))), []);
      assert.equal((await unwrap(store.getAppointment(a.orgId, id))).status, "booked");
      assert.equal(await code(store.getAppointment(a.orgId, randomUUID())), "APPOINTMENT_NOT_FOUND");
    },
  },
  {
    name: "busy intervals are the live appointments' [start, blocksUntil) inside the window",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      await unwrap(
        store.book(bookCommand(org, { phone: phone(19), email: null, name: null }, 0, { blocksUntil: at(40) })),
      );
      const gone = await unwrap(store.book(bookCommand(org, { phone: phone(20), email: null, name: null }, 60)));
      await unwrap(store.cancel(org, gone.receipt.appointment.id));
      await unwrap(store.book(bookCommand(org, { phone: phone(21), email: null, name: null }, 24 * 60)));
      const ids = candidatesOf(org).map((c) => c.practitionerId);
      const busy = await unwrap(store.busyIntervals(org, ids, { start: at(-60), end: at(180) }));
      assert.deepEqual(busy, { [mainOf(org).practitionerId]: [{ start: at(0), end: at(40) }], [ids[1] ?? ""]: [] });
    },
  },
  {
    name: "find upcoming by caller ID, or by phone and email together, from a given instant, cancelled left out",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const hal = { phone: phone(22), email: email("hal@example.com"), name: null };
      const past = await unwrap(store.book(bookCommand(org, hal, 0)));
      const future = await unwrap(store.book(bookCommand(org, { ...hal, email: null }, 120)));
      const gone = await unwrap(store.book(bookCommand(org, hal, 240)));
      await unwrap(store.cancel(org, gone.receipt.appointment.id));
      await unwrap(store.book(bookCommand(org, { phone: null, email: email("ivy@example.com"), name: null }, 180)));
      const ids = (found: readonly Appointment[]) => found.map((a) => a.id);
      const expected = [future.receipt.appointment.id];
      assert.deepEqual(ids(await unwrap(store.findUpcoming(org, byCallerId(phone(22)), at(60)))), expected);
      const both = { callerId: null, phone: phone(22), email: email("hal@example.com") };
      assert.deepEqual(ids(await unwrap(store.findUpcoming(org, both, at(60)))), expected);
      assert.ok(past.receipt.appointment.id !== future.receipt.appointment.id);
      const proveNothing: CallerProof[] = [
        { callerId: null, phone: phone(22), email: null },
        { callerId: null, phone: null, email: email("hal@example.com") },
        { callerId: null, phone: phone(22), email: email("ivy@example.com") },
        { callerId: null, phone: null, email: email("ivy@example.com") },
        { phone: null, email: null },
      ];
      for (const who of proveNothing) {
        assert.deepEqual(await unwrap(store.findUpcoming(org, who, at(60))), [], JSON.stringify(who));
      }
    },
  },
  {
    name: "marking the calendar synced applies to the current version only",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const { receipt } = await unwrap(store.book(bookCommand(org, { phone: phone(23), email: null, name: null }, 0)));
      const id = receipt.appointment.id;
      const synced = await unwrap(store.markCalendarSynced(org, id, 1, "evt1", "primary"));
      assert.deepEqual([synced.calendarSync, synced.calendarEventId], ["synced", "evt1"]);
      const moved = await unwrap(store.reschedule({ ...placementAt(org, 60), orgId: org, appointmentId: id }));
      const stale = await unwrap(store.markCalendarSynced(org, id, 1, "evt1", "primary"));
      assert.deepEqual(stale, moved);
      assert.equal(stale.calendarSync, "pending");
    },
  },
  {
    name: "an unknown clinic is UNKNOWN_ORG and its booking writes nothing",
    async run(fixture) {
      const { store, clinics } = await oneClinic(fixture);
      const stranger = randomUUID() as OrgId;
      assert.equal(
        await code(store.book(bookCommand(stranger, { phone: phone(24), email: null, name: null }, 0))),
        "UNKNOWN_ORG",
      );
      assert.equal(await code(clinics.getClinic(stranger)), "UNKNOWN_ORG");
    },
  },
  {
    name: "the directory returns a clinic's settings as stored",
    async run(fixture) {
      const settings = clinic({
        zone: "America/New_York",
        region: "US",
        slotMinutes: 20,
        bufferMinutes: 10,
        minNoticeMinutes: 120,
        horizonDays: 30,
        calendarId: "dr-who",
        openingHours: {
          1: [],
          2: [
            { open: "08:00", close: "12:00" },
            { open: "13:00", close: "17:00" },
          ],
          3: [],
          4: [],
          5: [],
          6: [],
          7: [],
        },
      });
      const { clinics } = await fixture.setup([settings]);
      assert.deepEqual(versionless(await unwrap(clinics.getClinic(settings.orgId))), settings);
    },
  },
  {
    name: "getContact returns the org's contact as booked; another org's or an unknown id is null",
    async run(fixture) {
      const a = clinic();
      const b = clinic();
      const { store } = await fixture.setup([a, b]);
      const details: ContactDetails = { phone: phone(26), email: email("kit@example.com"), name: "Kit" };
      const { receipt } = await unwrap(store.book(bookCommand(a.orgId, details, 0)));
      assert.deepEqual(await unwrap(store.getContact(a.orgId, receipt.contact.id)), receipt.contact);
      assert.deepEqual(receipt.contact, { id: receipt.contact.id, orgId: a.orgId, ...details });
      assert.equal(await unwrap(store.getContact(b.orgId, receipt.contact.id)), null);
      assert.equal(await unwrap(store.getContact(a.orgId, randomUUID())), null);
      assert.equal(await unwrap(store.getContact(a.orgId, "not-a-uuid")), null);
    },
  },
  {
    name: "twenty concurrent bookings by one new caller make one contact",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const details: ContactDetails = { phone: phone(25), email: email("jo@example.com"), name: "Jo" };
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.book(bookCommand(org, details, i * 30))),
      );
      const contactIds = new Set(
        results.map((r) => (r.isOk() ? r.value.receipt.contact.id : assert.fail(JSON.stringify(r.error)))),
      );
      assert.equal(contactIds.size, 1);
    },
  },
];

export const bookingStoreContract: readonly ContractCase[] = [
  ...coreContract,
  ...placementContract,
  ...callerContract,
  ...retryContract,
  ...hotPathContract,
];
