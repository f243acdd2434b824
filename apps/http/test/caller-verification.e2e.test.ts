/**
 * M1 end to end through `app.request()`: the appointment's contact finds, moves and cancels it,
 * by caller ID or, from another number (or withheld), by phone and email; anyone else, with the
 * id, the phone, or the phone and a wrong email, gets one refusal that changes nothing and reads
 * the same whether or not the appointment exists, counted in `/metrics`.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, toolCalls, vapiPayloads } from "./support/harness.ts";

const OWNER = "+447700900123";
const STRANGER = "+447700900999";
const EMAIL = "amira.khan@example.com";
const NOT_VERIFIED = {
  success: false,
  code: "CALLER_NOT_VERIFIED",
  message:
    "I can only change appointments for the number you're calling from. Could you give me the phone number and email the appointment was booked with?",
  retryable: false,
};

let h: Harness;
let n = 0;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.sql("truncate contacts, appointments, booking_receipts, calendar_sync_jobs cascade");
});

/** One tool call from `caller` (null: number withheld); its parsed payload. */
async function tool(name: string, args: Record<string, unknown>, caller: string | null) {
  const id = `call_m1_${++n}`;
  const res = await h.post("/api/vapi/tools", toolCalls([{ id, name, arguments: args }], { caller }));
  expect(res.status).toBe(200);
  return vapiPayloads(await res.json(), [id])[0] as Record<string, unknown>;
}

/** Amira's appointment, booked from her own phone with her email. */
async function amirasAppointment(): Promise<string> {
  const booked = await tool(
    "bookClinicAppointment",
    { appointmentDate: "2026-12-03", appointmentTime: "14:30", patientName: "Amira Khan", patientEmail: EMAIL },
    OWNER,
  );
  expect(booked).toMatchObject({ success: true });
  return String(booked.appointmentId);
}

const owners: [string, string | null, Record<string, string>][] = [
  ["by caller ID", OWNER, {}],
  ["from another number, by phone and email", STRANGER, { patientPhone: "07700 900123", patientEmail: EMAIL }],
  [
    "with the number withheld, by phone and email",
    null,
    { patientPhone: OWNER, patientEmail: "Amira.Khan@Example.com" },
  ],
];

describe("the owner finds, moves and cancels", () => {
  it.each(owners)("%s", async (_how, caller, proof) => {
    const id = await amirasAppointment();
    const found = await tool("findAppointments", proof, caller);
    expect(found).toMatchObject({ success: true, appointments: [{ appointmentId: id }] });
    const moved = await tool(
      "rescheduleAppointment",
      { appointmentId: id, newDate: "2026-12-04", newTime: "10:00", ...proof },
      caller,
    );
    expect(moved).toMatchObject({
      success: true,
      message: "Done: your appointment is now a consultation with Dr Patel on Friday 4 December at 10am.",
    });
    const cancelled = await tool("cancelAppointment", { appointmentId: id, ...proof }, caller);
    expect(cancelled).toMatchObject({
      success: true,
      message: "Your appointment on Friday 4 December at 10am is cancelled.",
    });
    expect(await h.sql("select status, starts_at from appointments")).toEqual([
      { status: "cancelled", starts_at: new Date("2026-12-04T10:00:00Z") },
    ]);
  });
});

const strangers: [string, string | null, Record<string, string>][] = [
  ["only the id", STRANGER, {}],
  ["only the phone", STRANGER, { patientPhone: "07700 900123" }],
  ["the phone with a wrong email", STRANGER, { patientPhone: "07700 900123", patientEmail: "amira@evil.example" }],
  ["only the email, number withheld", null, { patientEmail: EMAIL }],
];

describe("anyone else cannot, and nothing changes", () => {
  it.each(strangers)(
    "%s: the same refusal for Amira's id and an id that does not exist",
    async (_how, caller, proof) => {
      const id = await amirasAppointment();
      const before = await h.counts();
      const answers = [];
      for (const appointmentId of [id, randomUUID()]) {
        answers.push(await tool("cancelAppointment", { appointmentId, ...proof }, caller));
        const move = { appointmentId, newDate: "2026-12-04", newTime: "10:00", ...proof };
        answers.push(await tool("rescheduleAppointment", move, caller));
      }
      for (const answer of answers) expect(answer).toEqual(NOT_VERIFIED);
      expect(await h.counts()).toEqual(before);
      expect(await h.sql("select status, starts_at from appointments")).toEqual([
        { status: "booked", starts_at: new Date("2026-12-03T14:30:00Z") },
      ]);
    },
  );

  it("cannot read another's appointments: by phone alone, or with a wrong email, the find is refused", async () => {
    await amirasAppointment();
    for (const proof of [{ patientPhone: OWNER }, { patientPhone: OWNER, patientEmail: "amira@evil.example" }]) {
      const found = await tool("findAppointments", proof, STRANGER);
      expect(found).toMatchObject({ success: false, code: "CALLER_NOT_VERIFIED" });
      expect(found.message).toMatch(/^I can only find appointments for the number you're calling from\./);
      expect(JSON.stringify(found)).not.toContain("2026-12-03");
    }
    const own = await tool("findAppointments", {}, STRANGER);
    expect(own).toEqual({
      success: true,
      appointments: [],
      message: "I couldn't find any upcoming appointments for the number you're calling from.",
    });
  });

  it("each refusal is counted in /metrics", async () => {
    const id = await amirasAppointment();
    await tool("cancelAppointment", { appointmentId: id }, STRANGER);
    await tool("findAppointments", { patientPhone: OWNER }, STRANGER);
    const text = await (await h.composed.app.request("/metrics")).text();
    expect(text).toMatch(
      /voxanne_tool_duration_seconds_count\{tool="cancelAppointment",outcome="CALLER_NOT_VERIFIED"\} [1-9]/,
    );
    expect(text).toMatch(
      /voxanne_tool_duration_seconds_count\{tool="findAppointments",outcome="CALLER_NOT_VERIFIED"\} [1-9]/,
    );
  });
});
