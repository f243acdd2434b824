/**
 * @module testing/booking-store-retry.contract
 * The booking store contract for retries (A2: a change's key is recorded with it, a retry gets
 * the first answer and changes nothing, a key with a window stops counting after it), one person
 * one contact (C5: first bookings with phone + email and with email only, at once, are one
 * contact), and the length limits the store keeps as a backstop.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { CallerProof } from "../contacts/caller.ts";
import type { ContactDetails } from "../contacts/contact.ts";
import type { CallerReschedule } from "../ports/booking-store.port.ts";
import type { OrgId } from "../values/org-id.ts";
import type { PhoneNumber } from "../values/phone-number.ts";
import { at, bookCommand, type ContractCase, email, oneClinic, phone, placementAt } from "./booking-contract-kit.ts";
import { code, unwrap } from "./contract-assertions.ts";

const kim: ContactDetails = { phone: phone(40), email: email("kim@example.com"), name: "Kim" };
const kimCalling: CallerProof = { callerId: phone(40), phone: null, email: null };

const moveTo = (org: OrgId, appointmentId: string, minutes: number, key: string | null): CallerReschedule => ({
  ...placementAt(org, minutes),
  orgId: org,
  appointmentId,
  caller: kimCalling,
  idempotencyKey: key,
});

export const retryContract: readonly ContractCase[] = [
  {
    name: "A2: a retried cancel gets the first answer and changes nothing; keys are per kind",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const { receipt } = await unwrap(store.book(bookCommand(org, kim, 0, { idempotencyKey: "call_1" })));
      const cancel = {
        orgId: org,
        appointmentId: receipt.appointment.id,
        caller: kimCalling,
        idempotencyKey: "call_1",
      };
      const first = await unwrap(store.cancelForCaller(cancel));
      const retry = await unwrap(store.cancelForCaller(cancel));
      assert.deepEqual(retry, { ...first, replayed: true });
      assert.deepEqual(await unwrap(store.replayChange(org, "cancel", "call_1")), retry);
      assert.equal(await unwrap(store.replayChange(org, "reschedule", "call_1")), null);
      assert.deepEqual(await unwrap(store.replay(org, "call_1")), receipt, "the booking's receipt is its own");
      assert.equal((await unwrap(store.getAppointment(org, receipt.appointment.id))).version, 2);
    },
  },
  {
    name: "A2: a retried move never undoes a later one; its replay shows the appointment as it is now",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const { receipt } = await unwrap(store.book(bookCommand(org, kim, 0)));
      const id = receipt.appointment.id;
      const first = await unwrap(store.rescheduleForCaller(moveTo(org, id, 60, "move_1")));
      const later = await unwrap(store.rescheduleForCaller(moveTo(org, id, 120, "move_2")));
      const retry = await unwrap(store.rescheduleForCaller(moveTo(org, id, 60, "move_1")));
      assert.deepEqual(retry, { ...first, current: later.appointment, replayed: true });
      assert.deepEqual(await unwrap(store.getAppointment(org, id)), later.appointment);
      assert.deepEqual(await unwrap(store.replayChange(org, "reschedule", "move_1")), retry);
    },
  },
  {
    name: "A2: twenty concurrent moves with one key make one change and give identical answers",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const { receipt } = await unwrap(store.book(bookCommand(org, kim, 0)));
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          unwrap(store.rescheduleForCaller(moveTo(org, receipt.appointment.id, 90, "move_race"))),
        ),
      );
      assert.equal(answers.filter((a) => !a.replayed).length, 1);
      for (const a of answers) assert.deepEqual(a.appointment, answers[0]?.appointment);
      const now = await unwrap(store.getAppointment(org, receipt.appointment.id));
      assert.deepEqual([now.version, now.startsAt], [2, at(90)]);
    },
  },
  {
    name: "A2: a key with a window is honoured within it and not after: the same key then books again",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const kept = bookCommand(org, kim, 0, { idempotencyKey: "derived_1", idempotencyWindowSeconds: 900 });
      const first = await unwrap(store.book(kept));
      assert.equal((await unwrap(store.book({ ...kept, appointmentId: randomUUID() }))).replayed, true);
      assert.deepEqual(await unwrap(store.replay(org, "derived_1")), first.receipt);
      const lapsed = bookCommand(org, kim, 60, { idempotencyKey: "derived_2", idempotencyWindowSeconds: 0 });
      const once = await unwrap(store.book(lapsed));
      const again = await unwrap(
        store.book(bookCommand(org, kim, 120, { idempotencyKey: "derived_2", idempotencyWindowSeconds: 0 })),
      );
      assert.equal(again.replayed, false);
      assert.notEqual(again.receipt.appointment.id, once.receipt.appointment.id);
      assert.equal(await unwrap(store.replay(org, "derived_2")), null);
    },
  },
  {
    name: "C5: ten people, each booking first with phone + email and with email only at once, are ten contacts",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const people = Array.from({ length: 10 }, (_, i) => ({
        phone: `+4477009002${String(i).padStart(2, "0")}` as PhoneNumber,
        email: email(`person${i}@example.com`),
      }));
      const bookings = people.flatMap((p, i) => [
        store.book(bookCommand(org, { phone: p.phone, email: p.email, name: null }, i * 60)),
        store.book(bookCommand(org, { phone: null, email: p.email, name: null }, i * 60 + 30)),
      ]);
      const receipts = await Promise.all(bookings.map((b) => unwrap(b)));
      people.forEach((p, i) => {
        const [withPhone, emailOnly] = [receipts[2 * i], receipts[2 * i + 1]];
        assert.equal(emailOnly?.receipt.contact.id, withPhone?.receipt.contact.id, `${p.email}: two contacts`);
      });
      const contacts = new Set(receipts.map((r) => r.receipt.contact.id));
      assert.equal(contacts.size, people.length);
    },
  },
  {
    name: "limits: a name over 200 characters or a service type over 100 is refused by the store and writes nothing",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const long = { phone: phone(41), email: null, name: "N".repeat(201) };
      assert.equal(await code(store.book(bookCommand(org, long, 0))), "STORE_UNAVAILABLE");
      const wordy = bookCommand(org, { ...long, name: "Nia" }, 0, { serviceType: "S".repeat(101) });
      assert.equal(await code(store.book(wordy)), "STORE_UNAVAILABLE");
      const fits = bookCommand(org, { ...long, name: "é".repeat(200) }, 0, { serviceType: "S".repeat(100) });
      const { receipt } = await unwrap(store.book(fits));
      assert.equal(receipt.contactPath, "created", "the refused bookings left no contact behind");
    },
  },
];
