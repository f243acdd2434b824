/**
 * @module testing/booking-store-hot-path.contract
 * What lets a booking, its replay and its refusal be one store call each: the clinic's settings
 * version (a booking judged with another is `SETTINGS_STALE` and changes nothing; every change
 * of the clinic bumps it), the replay answered with its appointment as it is now, the refusal
 * with the busy intervals its alternatives need. Part of the BookingStore contract.
 */
import assert from "node:assert/strict";
import type { Clinic } from "../clinic/clinic.ts";
import type { ContactDetails } from "../contacts/contact.ts";
import type { ClinicDirectory } from "../ports/clinic-directory.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { at, bookCommand, type ContractCase, candidatesOf, oneClinic, phone } from "./booking-contract-kit.ts";
import { code, unwrap } from "./contract-assertions.ts";

const who = (n: number): ContactDetails => ({ phone: phone(n), email: null, name: null });

async function versionOf(clinics: ClinicDirectory, org: OrgId): Promise<number> {
  const { settingsVersion } = await unwrap(clinics.getClinic(org));
  assert.ok(settingsVersion !== undefined && settingsVersion >= 1, "the clinic carries its settings version");
  return settingsVersion;
}

/** The clinic's settings as an update saves them (no staff, no version). */
function settingsOf({ staff: _, settingsVersion: __, ...settings }: Clinic) {
  return settings;
}

export const hotPathContract: readonly ContractCase[] = [
  {
    name: "a booking judged with another settings version is SETTINGS_STALE and writes nothing; with the current one it books",
    async run(fixture) {
      const { store, clinics, org } = await oneClinic(fixture);
      const version = await versionOf(clinics, org);
      const stale = await store.book(bookCommand(org, who(70), 0, { settingsVersion: version + 1 }));
      assert.equal(stale._unsafeUnwrapErr().code, "SETTINGS_STALE");
      assert.equal(
        (await unwrap(store.resolveContact(org, who(70)))).path,
        "created",
        "the stale booking wrote no contact",
      );
      assert.deepEqual(
        await unwrap(
          store.busyIntervals(org, [candidatesOf(org)[0]?.practitionerId ?? ""], { start: at(0), end: at(30) }),
        ),
        {
          [candidatesOf(org)[0]?.practitionerId ?? ""]: [],
        },
      );
      const booked = await unwrap(store.book(bookCommand(org, who(70), 0, { settingsVersion: version })));
      assert.equal(booked.replayed, false);
    },
  },
  {
    name: "changing the clinic's settings bumps its version: a booking judged before the change is SETTINGS_STALE",
    async run(fixture) {
      const { store, clinics, org } = await oneClinic(fixture);
      const before = await unwrap(clinics.getClinic(org));
      const judgedWith = await versionOf(clinics, org);
      await unwrap(
        clinics.saveClinic({ mode: "update", settings: { ...settingsOf(before), slotMinutes: 15 }, vapi: {} }),
      );
      const after = await versionOf(clinics, org);
      assert.ok(after > judgedWith, `the version moved on (${judgedWith} → ${after})`);
      assert.equal(
        await code(store.book(bookCommand(org, who(71), 0, { settingsVersion: judgedWith }))),
        "SETTINGS_STALE",
      );
      await unwrap(store.book(bookCommand(org, who(71), 0, { settingsVersion: after })));
    },
  },
  {
    name: "a caller's move judged with another settings version is SETTINGS_STALE and moves nothing",
    async run(fixture) {
      const { store, clinics, org } = await oneClinic(fixture);
      const version = await versionOf(clinics, org);
      const booked = await unwrap(store.book(bookCommand(org, who(76), 0)));
      const move = {
        ...bookCommand(org, who(76), 120),
        appointmentId: booked.receipt.appointment.id,
        caller: { callerId: phone(76), phone: null, email: null },
        idempotencyKey: "hot-move",
      };
      assert.equal(await code(store.rescheduleForCaller({ ...move, settingsVersion: version + 1 })), "SETTINGS_STALE");
      assert.deepEqual(
        await unwrap(store.getAppointment(org, booked.receipt.appointment.id)),
        booked.receipt.appointment,
      );
      const moved = await unwrap(store.rescheduleForCaller({ ...move, settingsVersion: version }));
      assert.deepEqual(moved.current.startsAt, at(120));
    },
  },
  {
    name: "busy intervals asked with another settings version are SETTINGS_STALE; with the current one, or none, answered",
    async run(fixture) {
      const { store, clinics, org } = await oneClinic(fixture);
      const version = await versionOf(clinics, org);
      const [p1] = candidatesOf(org).map((c) => c.practitionerId);
      assert.ok(p1 !== undefined);
      await unwrap(store.book(bookCommand(org, who(77), 0)));
      const window = { start: at(-60), end: at(60) };
      assert.equal(await code(store.busyIntervals(org, [p1], window, version + 1)), "SETTINGS_STALE");
      const busy = { [p1]: [{ start: at(0), end: at(30) }] };
      assert.deepEqual(await unwrap(store.busyIntervals(org, [p1], window, version)), busy);
      assert.deepEqual(await unwrap(store.busyIntervals(org, [p1], window)), busy);
    },
  },
  {
    name: "a replayed booking comes with its appointment as it is now (moved, then cancelled since)",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const first = await unwrap(store.book(bookCommand(org, who(72), 0, { idempotencyKey: "hot-1" })));
      assert.equal(first.current, undefined, "a first booking needs no second copy");
      const moved = await unwrap(
        store.reschedule({ ...bookCommand(org, who(72), 120), appointmentId: first.receipt.appointment.id }),
      );
      const replay = await unwrap(store.book(bookCommand(org, who(72), 0, { idempotencyKey: "hot-1" })));
      assert.equal(replay.replayed, true);
      assert.deepEqual(replay.receipt, first.receipt, "the receipt is the first answer");
      assert.deepEqual(replay.current, moved);
      const cancelled = await unwrap(store.cancel(org, first.receipt.appointment.id));
      const again = await unwrap(store.book(bookCommand(org, who(72), 0, { idempotencyKey: "hot-1" })));
      assert.deepEqual(again.current, cancelled);
    },
  },
  {
    name: "a refusal comes with the busy intervals of the window asked for, and without them when none was",
    async run(fixture) {
      const { store, org } = await oneClinic(fixture);
      const [p1, p2] = candidatesOf(org).map((c) => c.practitionerId);
      assert.ok(p1 !== undefined && p2 !== undefined);
      await unwrap(store.book(bookCommand(org, who(73), 0)));
      await unwrap(store.book(bookCommand(org, who(74), 600)));
      const busyWindow = { practitionerIds: [p1, p2], window: { start: at(-60), end: at(300) } };
      const refused = (await store.book(bookCommand(org, who(75), 15, { busyWindow })))._unsafeUnwrapErr();
      assert.equal(refused.code, "SLOT_UNAVAILABLE");
      assert.deepEqual("busy" in refused ? refused.busy : null, {
        [p1]: [{ start: at(0), end: at(30) }],
        [p2]: [],
      });
      const alone = (await store.book(bookCommand(org, who(75), 15)))._unsafeUnwrapErr();
      assert.deepEqual([alone.code, "busy" in alone ? alone.busy : undefined], ["SLOT_UNAVAILABLE", undefined]);
      assert.equal((await unwrap(store.resolveContact(org, who(75)))).path, "created", "a refusal writes no contact");
    },
  },
];
