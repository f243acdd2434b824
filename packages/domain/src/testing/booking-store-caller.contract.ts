/**
 * @module testing/booking-store-caller.contract
 * The booking store contract, caller side (M1): a caller reads, cancels and moves only the
 * appointments whose contact is theirs (caller ID, or phone and email together), inside the
 * store's transaction; anyone else, and an id that does not exist, get one refusal and change nothing.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { CallerProof } from "../contacts/caller.ts";
import type { ContactDetails } from "../contacts/contact.ts";
import type { BookingStore, CallerReschedule } from "../ports/booking-store.port.ts";
import type { OrgId } from "../values/org-id.ts";
import {
  at,
  bookCommand,
  type ContractCase,
  clinic,
  email,
  oneClinic,
  phone,
  placementAt,
} from "./booking-contract-kit.ts";
import { code, unwrap } from "./contract-assertions.ts";

const owner: ContactDetails = { phone: phone(30), email: email("owen@example.com"), name: "Owen" };
const byCallerId: CallerProof = { callerId: phone(30), phone: null, email: null };
const byDetails: CallerProof = { callerId: phone(39), phone: phone(30), email: email("owen@example.com") };
/** Everything that is not proof: another number, the phone alone, the email alone, a wrong email. */
const strangers: readonly CallerProof[] = [
  { callerId: phone(31), phone: null, email: null },
  { callerId: null, phone: phone(30), email: null },
  { callerId: phone(31), phone: phone(30), email: null },
  { callerId: null, phone: null, email: email("owen@example.com") },
  { callerId: phone(31), phone: phone(30), email: email("someone@example.com") },
  { phone: null, email: null },
];

async function ownersBooking(store: BookingStore, org: OrgId) {
  const { receipt } = await unwrap(store.book(bookCommand(org, owner, 0)));
  return receipt.appointment;
}

const move = (org: OrgId, appointmentId: string, caller: CallerProof, minutes: number): CallerReschedule => ({
  ...placementAt(org, minutes),
  orgId: org,
  appointmentId,
  caller,
  idempotencyKey: null,
});

export const callerContract: readonly ContractCase[] = [
  {
    name: "M1: the owner reads their appointment by caller ID or by phone and email; anyone else, and an unknown id, get CALLER_NOT_VERIFIED",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const mine = await ownersBooking(store, org);
      assert.deepEqual(await unwrap(store.getForCaller(org, mine.id, byCallerId)), mine);
      assert.deepEqual(await unwrap(store.getForCaller(org, mine.id, byDetails)), mine);
      for (const who of strangers) {
        assert.equal(await code(store.getForCaller(org, mine.id, who)), "CALLER_NOT_VERIFIED", JSON.stringify(who));
      }
      for (const id of [randomUUID(), "not-a-uuid"]) {
        assert.equal(await code(store.getForCaller(org, id, byCallerId)), "CALLER_NOT_VERIFIED");
      }
    },
  },
  {
    name: "M1: a stranger's cancel and move are CALLER_NOT_VERIFIED and change nothing; another clinic's id too",
    async run(fixture) {
      const a = clinic();
      const b = clinic();
      const { store } = await fixture.setup([a, b]);
      const mine = await ownersBooking(store, a.orgId);
      const attempts = (org: OrgId) =>
        strangers.flatMap((who) => [
          store.cancelForCaller({ orgId: org, appointmentId: mine.id, caller: who, idempotencyKey: "k" }),
          store.rescheduleForCaller(move(org, mine.id, who, 60)),
        ]);
      for (const refused of attempts(a.orgId)) assert.equal(await code(refused), "CALLER_NOT_VERIFIED");
      const elsewhere = [
        store.cancelForCaller({ orgId: b.orgId, appointmentId: mine.id, caller: byCallerId, idempotencyKey: null }),
        store.rescheduleForCaller(move(b.orgId, mine.id, byCallerId, 60)),
      ];
      for (const refused of elsewhere) assert.equal(await code(refused), "CALLER_NOT_VERIFIED");
      assert.deepEqual(await unwrap(store.getAppointment(a.orgId, mine.id)), mine);
      assert.equal(await unwrap(store.replayChange(a.orgId, "cancel", "k")), null, "a refusal records no receipt");
    },
  },
  {
    name: "M1: the owner moves by caller ID and cancels by phone and email; cancelling again changes nothing",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const mine = await ownersBooking(store, org);
      const moved = await unwrap(store.rescheduleForCaller(move(org, mine.id, byCallerId, 60)));
      assert.deepEqual(
        [moved.appointment.startsAt, moved.appointment.version, moved.replayed, moved.current],
        [at(60), 2, false, moved.appointment],
      );
      const cancel = { orgId: org, appointmentId: mine.id, caller: byDetails, idempotencyKey: null };
      const cancelled = await unwrap(store.cancelForCaller(cancel));
      assert.deepEqual(
        [cancelled.appointment.status, cancelled.appointment.version, cancelled.alreadyCancelled],
        ["cancelled", 3, false],
      );
      const again = await unwrap(store.cancelForCaller(cancel));
      assert.deepEqual([again.alreadyCancelled, again.replayed, again.current], [true, false, cancelled.appointment]);
      assert.equal(await code(store.rescheduleForCaller(move(org, mine.id, byCallerId, 120))), "APPOINTMENT_CANCELLED");
    },
  },
  {
    name: "M1: a caller's move onto a taken slot is SLOT_UNAVAILABLE and changes nothing",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const mine = await ownersBooking(store, org);
      await unwrap(store.book(bookCommand(org, { phone: phone(32), email: null, name: null }, 60)));
      const taken = { ...move(org, mine.id, byCallerId, 60), idempotencyKey: "move_1" };
      assert.equal(await code(store.rescheduleForCaller(taken)), "SLOT_UNAVAILABLE");
      assert.deepEqual(await unwrap(store.getAppointment(org, mine.id)), mine);
      assert.equal(await unwrap(store.replayChange(org, "reschedule", "move_1")), null);
    },
  },
];
