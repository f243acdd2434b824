/**
 * Decoding the SQL functions' answers: every shape is checked, so a malformed row or an
 * unexpected refusal is a non-retryable STORE_UNAVAILABLE whose cause names the function and
 * where the answer went wrong, never a half-typed value. Over a scripted RpcCaller, and once
 * end to end on PGlite with a function that answers the wrong shape.
 */
import { randomUUID } from "node:crypto";
import type { OrgId, PhoneNumber } from "@voxanne/domain";
import { contractStaffedClinic, placementFor } from "@voxanne/domain/testing";
import { okAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import { openPglite, type RpcCaller, type SqlStores, storesOver } from "../src/index.ts";
import { createClinics } from "./support/contracts.ts";

const org = randomUUID() as OrgId;
const appointmentId = randomUUID();

/** The clinic (with its staff) every case here is about. */
const staffedClinic = contractStaffedClinic({ orgId: org });

const appointmentJson = {
  id: appointmentId,
  orgId: org,
  contactId: null,
  practitionerId: staffedClinic.staff.practitioners[0]?.id,
  serviceId: staffedClinic.staff.policy.defaultServiceId,
  calendarId: "primary",
  startsAt: "2027-03-01T09:00:00.000Z",
  endsAt: "2027-03-01T09:30:00.000Z",
  blocksFrom: "2027-03-01T09:00:00.000Z",
  blocksUntil: "2027-03-01T09:30:00.000Z",
  status: "booked",
  serviceType: null,
  patientName: null,
  version: 1,
  calendarSync: "pending",
  calendarEventId: null,
  calendarEventCalendarId: null,
};
const clinicJson = { ...staffedClinic, settingsVersion: 3 };

/** Stores whose every function answers what `answers` says for it. */
function scripted(answers: Record<string, unknown>): SqlStores {
  const rpc: RpcCaller = (fn) => okAsync(answers[fn] ?? null);
  return storesOver(rpc);
}

/** The defect a malformed answer must be: not retryable, its cause naming `fn` and each of `parts`. */
function expectDefect(error: unknown, fn: string, ...parts: string[]): void {
  expect(error).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: false });
  const cause = String((error as { cause?: unknown }).cause);
  expect(cause.startsWith(`${fn}: `), cause).toBe(true);
  for (const part of parts) expect(cause).toContain(part);
}

describe("answers that do not match their shape", () => {
  it("an appointment without startsAt names the function and the field", async () => {
    const { startsAt: _, ...withoutStart } = appointmentJson;
    const stores = scripted({ get_appointment: { appointment: withoutStart } });
    expect(
      (
        await scripted({ get_appointment: { appointment: appointmentJson } }).bookings.getAppointment(
          org,
          appointmentId,
        )
      )._unsafeUnwrap().startsAt,
    ).toEqual(new Date(appointmentJson.startsAt));
    const error = (await stores.bookings.getAppointment(org, appointmentId))._unsafeUnwrapErr();
    expectDefect(error, "get_appointment", "appointment.startsAt");
  });

  it("a field of the wrong kind, an instant that is not ISO, an unknown status", async () => {
    const bad = { ...appointmentJson, version: "1", endsAt: "tomorrow", status: "maybe" };
    const error = (
      await scripted({ find_upcoming: [appointmentJson, bad] }).bookings.findUpcoming(
        org,
        { phone: null, email: null },
        new Date(),
      )
    )._unsafeUnwrapErr();
    expectDefect(error, "find_upcoming", "1.version", "1.endsAt", "1.status");
  });

  it('opening hours need every weekday key, "1" to "7", of HH:mm windows', async () => {
    const { 7: _, ...noSunday } = clinicJson.openingHours;
    const hours = { ...noSunday, 8: [], 1: [{ open: "9am", close: "17:30" }] };
    const stores = scripted({ get_clinic: { clinic: { ...clinicJson, openingHours: hours } } });
    const error = (await stores.clinics.getClinic(org))._unsafeUnwrapErr();
    expectDefect(error, "get_clinic", "clinic.openingHours.7", "clinic.openingHours.1.0.open");
    expect((await scripted({ get_clinic: { clinic: clinicJson } }).clinics.getClinic(org))._unsafeUnwrap()).toEqual({
      ...staffedClinic,
      settingsVersion: 3,
    });
  });

  it("branded values go through the domain's parsers: an org id, a phone, an email", async () => {
    expectDefect(
      (
        await scripted({ org_for_vapi: { orgId: "clinic-7" } }).tenants.orgForVapi({
          assistantId: "a",
          phoneNumberId: null,
        })
      )._unsafeUnwrapErr(),
      "org_for_vapi",
      "orgId: not a UUID",
    );
    const contact = { id: randomUUID(), orgId: org, phone: "12", email: "nobody", name: null };
    expectDefect(
      (await scripted({ get_contact: { contact } }).bookings.getContact(org, contact.id))._unsafeUnwrapErr(),
      "get_contact",
      "contact.phone: not an E.164 phone number",
      "contact.email: not an email address",
    );
    const good = { ...contact, phone: "+447700900123", email: "kit@example.com" };
    expect(
      (await scripted({ get_contact: { contact: good } }).bookings.getContact(org, contact.id))._unsafeUnwrap(),
    ).toEqual({ ...good, phone: "+447700900123" as PhoneNumber });
  });

  it("busy time is [from, until] pairs of UTC timestamps (to the microsecond, read to the millisecond)", async () => {
    const p = randomUUID();
    const window = { start: new Date("2027-03-01T00:00:00Z"), end: new Date("2027-03-02T00:00:00Z") };
    const answer = {
      [p]: [
        ["2027-03-01T09:00:00+00:00", "2027-03-01T09:30:00.123456+00:00"],
        ["0099-12-31T23:59:59.5Z", "2027-03-01T10:00:00.007+00:00"],
      ],
    };
    expect(
      (await scripted({ busy_intervals: answer }).bookings.busyIntervals(org, [p], window))._unsafeUnwrap(),
    ).toEqual({
      [p]: [
        { start: new Date("2027-03-01T09:00:00Z"), end: new Date("2027-03-01T09:30:00.123Z") },
        { start: new Date("0099-12-31T23:59:59.500Z"), end: new Date("2027-03-01T10:00:00.007Z") },
      ],
    });
    const wrong = [
      ["2027-03-01T09:00:00+01:00", "2027-03-01T09:30:00+00:00"],
      ["2027-02-30T09:00:00+00:00", "2027-03-01T09:30:00+00:00"],
      ["2027-03-01T09:00:00Z"],
      [1, 2],
    ];
    for (const pair of wrong) {
      const bad = { [p]: [["2027-03-01T08:00:00Z", "2027-03-01T08:30:00Z"], pair] };
      expectDefect(
        (await scripted({ busy_intervals: bad }).bookings.busyIntervals(org, [p], window))._unsafeUnwrapErr(),
        "busy_intervals",
        `${p}.1: not a [from, until] pair of UTC timestamps`,
      );
    }
  });

  it("busy timestamps read by hand are the instants Date reads, leap days and centuries included", async () => {
    const p = randomUUID();
    const window = { start: new Date(0), end: new Date(1) };
    const min = Date.UTC(1000, 0, 1);
    const max = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    const instants = [Date.UTC(2000, 1, 29, 12), Date.UTC(1900, 1, 28, 23, 59, 59, 999), Date.UTC(2100, 2, 1)];
    for (let i = 0, x = 12_345; i < 2_000; i++) {
      x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
      instants.push(min + Math.floor((x / 2 ** 31) * (max - min)));
    }
    const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
    const answer = { [p]: instants.map((ms) => [iso(ms), iso(ms + 1)]) };
    const busy = (await scripted({ busy_intervals: answer }).bookings.busyIntervals(org, [p], window))._unsafeUnwrap();
    expect(busy[p]?.map((x) => [x.start.getTime(), x.end.getTime()])).toEqual(instants.map((ms) => [ms, ms + 1]));
  });

  it("a claimed job with a malformed context names the job's index and the field", async () => {
    const job = {
      id: 7,
      orgId: org,
      appointmentId,
      version: 1,
      attempts: 0,
      lastError: null,
      appointment: appointmentJson,
      contact: null,
      clinic: clinicJson,
    };
    const stores = scripted({ claim_sync_jobs: [job, { ...job, id: 8, contact: { phone: 44 } }] });
    expectDefect(
      (await stores.outbox.claim(10, 60))._unsafeUnwrapErr(),
      "claim_sync_jobs",
      "1.contact.phone",
      "1.contact.email",
    );
  });

  it("an outbox summary with a negative or missing count", async () => {
    const stores = scripted({ outbox_summary: { due: -1, scheduled: 0, oldestDueAt: null } });
    expectDefect((await stores.outbox.summary())._unsafeUnwrapErr(), "outbox_summary", "due", "parked");
  });
});

describe("refusals", () => {
  it("an expected refusal is its domain error; INVALID_INPUT carries the function's field and message", async () => {
    const stores = scripted({
      get_clinic: { error: "UNKNOWN_ORG" },
      save_clinic: {
        error: "INVALID_INPUT",
        field: "vapiAssistantIds",
        ids: ["asst_1"],
        message: "Already linked to another clinic: asst_1.",
      },
    });
    expect((await stores.clinics.getClinic(org))._unsafeUnwrapErr().code).toBe("UNKNOWN_ORG");
    const saved = await stores.clinics.saveClinic({
      mode: "update",
      settings: staffedClinic,
      vapi: { assistantIds: ["asst_1"] },
    });
    expect(saved._unsafeUnwrapErr()).toEqual({
      code: "INVALID_INPUT",
      field: "vapiAssistantIds",
      message: "Already linked to another clinic: asst_1.",
      retryable: false,
    });
  });

  it("a refusal the function should not give, or a code nobody knows, is a defect naming it", async () => {
    const stores = scripted({ get_clinic: { error: "SLOT_UNAVAILABLE" }, outbox_summary: { error: "TEAPOT" } });
    expectDefect(
      (await stores.clinics.getClinic(org))._unsafeUnwrapErr(),
      "get_clinic",
      "unexpected refusal SLOT_UNAVAILABLE",
    );
    expectDefect((await stores.outbox.summary())._unsafeUnwrapErr(), "outbox_summary", "unexpected refusal TEAPOT");
  });

  it("a refusal without the details its code needs is a defect", async () => {
    const stores = scripted({ save_clinic: { error: "INVALID_INPUT", field: "id" } });
    const saved = await stores.clinics.saveClinic({ mode: "create", settings: staffedClinic, vapi: {} });
    expectDefect(saved._unsafeUnwrapErr(), "save_clinic", "unreadable INVALID_INPUT", "message");
  });

  it("fail_sync_job's JOB_NOT_FOUND is null (no such job); anything else that does not read is a defect", async () => {
    expect(
      (await scripted({ fail_sync_job: { error: "JOB_NOT_FOUND" } }).outbox.fail(1, "x"))._unsafeUnwrap(),
    ).toBeNull();
    const due = "2027-01-01T00:00:05.000Z";
    expect(
      (await scripted({ fail_sync_job: { attempts: 1, nextAttemptAt: due } }).outbox.fail(1, "x"))._unsafeUnwrap(),
    ).toEqual(new Date(due));
    expectDefect(
      (await scripted({ fail_sync_job: { error: "LOCKED" } }).outbox.fail(1, "x"))._unsafeUnwrapErr(),
      "fail_sync_job",
    );
  });
});

describe("a malformed answer end to end (PGlite)", () => {
  it("get_appointment answering an appointment without startsAt: a non-retryable defect naming both", async () => {
    const stores = await openPglite();
    try {
      await createClinics(stores, [staffedClinic]);
      const { receipt } = (
        await stores.bookings.book({
          orgId: org,
          appointmentId,
          idempotencyKey: null,
          contact: { phone: "+447700900321" as PhoneNumber, email: null, name: null },
          ...placementFor(
            org,
            new Date(appointmentJson.startsAt),
            new Date(appointmentJson.endsAt),
            new Date(appointmentJson.blocksUntil),
          ),
          serviceType: null,
        })
      )._unsafeUnwrap();
      expect((await stores.bookings.getAppointment(org, appointmentId))._unsafeUnwrap()).toEqual(receipt.appointment);
      await stores.sql.exec(
        `create or replace function get_appointment(p_org_id uuid, p_appointment_id uuid) returns jsonb
         language sql stable as $$
           select jsonb_build_object('appointment', appointment_json(a) - 'startsAt')
             from appointments a where a.org_id = p_org_id and a.id = p_appointment_id $$`,
      );
      expectDefect(
        (await stores.bookings.getAppointment(org, appointmentId))._unsafeUnwrapErr(),
        "get_appointment",
        "appointment.startsAt",
      );
    } finally {
      await stores.close();
    }
  });
});
