import { defaultClinicSettings, type OrgId } from "@voxanne/domain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ORG, fixture, type Harness, startHarness, toolCalls, vapiPayloads } from "./support/harness.ts";

let h: Harness;
let n = 0;
const nextId = () => `call_e2e_${++n}`;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.sql("truncate contacts, appointments, booking_receipts, calendar_sync_jobs cascade");
  h.logs.length = 0;
});

async function call(body: unknown, headers: Record<string, string> = {}) {
  const res = await h.post("/api/vapi/tools", body, headers);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  return res.json() as Promise<Record<string, unknown>>;
}

async function book(args: Record<string, unknown>, options: Parameters<typeof toolCalls>[1] = {}) {
  const id = nextId();
  const body = await call(toolCalls([{ id, name: "bookClinicAppointment", arguments: JSON.stringify(args) }], options));
  return vapiPayloads(body, [id])[0] as Record<string, unknown>;
}

/** Runs `refused` and asserts no table a booking writes has changed. */
async function writesNothing(refused: () => Promise<unknown>) {
  const before = await h.counts();
  await refused();
  expect(await h.counts()).toEqual(before);
}

describe("the fixture bodies", () => {
  it("tool-calls-book: books for the caller in the clinic's words, phone read in the clinic's region", async () => {
    const body = await call(fixture("tool-calls-book.json"));
    const [payload] = vapiPayloads(body, ["call_7Xk2pQ9aLmN3"]);
    expect(payload).toMatchObject({
      success: true,
      calendarSynced: false,
      calendarEventId: null,
      startsAt: "2026-12-03T14:30:00.000Z",
      practitioner: "Dr Patel",
      service: "consultation",
      message: "You're booked for a consultation with Dr Patel on Thursday 3 December at 2:30pm.",
    });
    expect((body.results as { name: string }[])[0]?.name).toBe("bookClinicAppointment");
    const contacts = await h.sql("select phone, email, name from contacts");
    expect(contacts).toEqual([{ phone: "+447700900123", email: "amira.khan@example.com", name: "Amira Khan" }]);
  });

  it("tool-calls-two-calls-object-args: answers both calls, in order", async () => {
    await call(fixture("tool-calls-book.json"));
    const body = await call(fixture("tool-calls-two-calls-object-args.json"));
    const [availability, found] = vapiPayloads(body, ["call_avail_01", "call_find_02"]);
    // The demo clinic has no calendar linked: our appointments are all there is to check.
    expect(availability).toMatchObject({ success: true, calendarChecked: false });
    expect(String(availability?.message)).toContain("Friday 4 December");
    expect(found).toMatchObject({ success: true });
    expect(found?.appointments).toMatchObject([{ spokenTime: "Thursday 3 December at 2:30pm" }]);
  });

  it("function-call-legacy: answers {result} and books by email", async () => {
    const res = await h.post("/api/vapi/tools", fixture("function-call-legacy.json"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: string };
    expect(body.result).not.toMatch(/\n/);
    expect(JSON.parse(body.result)).toMatchObject({
      success: true,
      service: "check-up",
      message: "You're booked for a check-up with Dr Patel on Monday 7 December at 9am.",
    });
    expect(await h.sql("select phone, email from contacts")).toEqual([{ phone: null, email: "tom.reid@example.org" }]);
  });

  it("flat-book-legacy: the clinic's old curl still books and gets {toolResult:{content}}", async () => {
    const res = await h.post("/api/vapi/tools/bookClinicAppointment", fixture("flat-book-legacy.json"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { toolResult: { content: string } };
    expect(JSON.parse(body.toolResult.content)).toMatchObject({
      success: true,
      calendarSynced: false,
      message: "You're booked for a consultation with Dr Patel on Thursday 10 December at 2:30pm.",
    });
    expect((await h.counts()).appointments).toBe(1);
  });

  it("a retried legacy call gets the first answer and books nothing new; a flat call without a call id is not replayed, it is judged again (the next free practitioner, then none)", async () => {
    const first = await h.post("/api/vapi/tools", fixture("function-call-legacy.json")).then((r) => r.json());
    const again = await h.post("/api/vapi/tools", fixture("function-call-legacy.json")).then((r) => r.json());
    expect(again).toEqual(first);
    const flat1 = await h
      .post("/api/vapi/tools/bookClinicAppointment", fixture("flat-book-legacy.json"))
      .then((r) => r.json());
    const flat2 = await h
      .post("/api/vapi/tools/bookClinicAppointment", fixture("flat-book-legacy.json"))
      .then((r) => r.json());
    const flat3 = await h
      .post("/api/vapi/tools/bookClinicAppointment", fixture("flat-book-legacy.json"))
      .then((r) => r.json());
    const content = (r: unknown) => JSON.parse((r as { toolResult: { content: string } }).toolResult.content);
    expect(content(flat1)).toMatchObject({ success: true });
    expect(content(flat2)).toMatchObject({ success: true });
    expect([content(flat1).practitioner, content(flat2).practitioner].sort()).toEqual(["Dr Patel", "Sam"]);
    expect(content(flat3)).toMatchObject({ success: false, code: "SLOT_UNAVAILABLE" });
    expect((await h.counts()).appointments).toBe(3);
  });
});

describe("the clinic's manual acceptance tests", () => {
  it("1. the same phone twice with another email: one contact, two appointments", async () => {
    const a = await book({
      appointmentDate: "2026-12-03",
      appointmentTime: "10:00",
      patientName: "Sam Lee",
      patientPhone: "07700 900456",
      patientEmail: "sam@example.com",
    });
    const b = await book({
      appointmentDate: "2026-12-04",
      appointmentTime: "11:00",
      patientName: "Sam Lee",
      patientPhone: "+44 7700 900456",
      patientEmail: "sam.lee@work.example",
    });
    expect(a.success && b.success).toBe(true);
    expect(b.contactId).toBe(a.contactId);
    expect(await h.counts()).toMatchObject({ contacts: 1, appointments: 2 });
    expect(await h.sql("select email from contacts")).toEqual([{ email: "sam.lee@work.example" }]);
  });

  it("2. email only: books a phone-less contact", async () => {
    const r = await book(
      { appointmentDate: "2026-12-03", appointmentTime: "11:00", patientName: "Eve", patientEmail: "eve@example.com" },
      { caller: null },
    );
    expect(r).toMatchObject({ success: true });
    expect(await h.sql("select phone, email from contacts")).toEqual([{ phone: null, email: "eve@example.com" }]);
  });

  it("3. no phone and no email: asks for one, writes nothing", async () => {
    await writesNothing(async () => {
      const r = await book(
        { appointmentDate: "2026-12-03", appointmentTime: "11:00", patientName: "Nobody" },
        { caller: null },
      );
      expect(r).toMatchObject({
        success: false,
        code: "MISSING_CONTACT_INFO",
        message:
          "I need a phone number or an email address to make the booking. What's the best number to reach you on?",
      });
    });
  });

  it("4. a full booking with every argument", async () => {
    const r = await book({
      appointmentDate: "2026-12-08",
      appointmentTime: "3:15pm",
      patientName: "Dr Who",
      patientEmail: "who@example.com",
      patientPhone: "07700 900789",
      serviceType: "Physiotherapy",
      duration: 45,
    });
    // "Physiotherapy" names no service of the demo clinic: kept as a note, the default consultation is
    // booked; the demo clinic does not let callers choose a length, so the 45 minutes are ignored.
    expect(r).toMatchObject({
      success: true,
      startsAt: "2026-12-08T15:15:00.000Z",
      endsAt: "2026-12-08T15:45:00.000Z",
      service: "consultation",
      message: "You're booked for a consultation with Dr Patel on Tuesday 8 December at 3:15pm.",
    });
    expect(await h.sql("select service_type, patient_name from appointments")).toEqual([
      { service_type: "Physiotherapy", patient_name: "Dr Who" },
    ]);
  });

  it("5. one log line per booking names its contact path, with contact details masked", async () => {
    await book({
      appointmentDate: "2026-12-03",
      appointmentTime: "09:00",
      patientPhone: "07700 900111",
      patientEmail: "kim@example.com",
    });
    await book({ appointmentDate: "2026-12-03", appointmentTime: "09:30", patientPhone: "07700 900111" });
    await book(
      { appointmentDate: "2026-12-03", appointmentTime: "10:00", patientEmail: "kim@example.com" },
      { caller: null },
    );
    await book(
      { appointmentDate: "2026-12-03", appointmentTime: "10:30", patientEmail: "lou@example.com" },
      { caller: null },
    );
    await book({
      appointmentDate: "2026-12-03",
      appointmentTime: "11:00",
      patientPhone: "07700 900222",
      patientEmail: "lou@example.com",
    });
    const lines = h.logs.filter((l) => l.tool === "bookClinicAppointment");
    expect(lines.map((l) => l.contactPath)).toEqual(["created", "phone", "email", "created", "promoted"]);
    expect(lines.every((l) => l.orgId === DEMO_ORG && l.outcome === "ok" && typeof l.reqId === "string")).toBe(true);
    const text = JSON.stringify(h.logs);
    expect(text).not.toContain("7700900111");
    expect(text).not.toContain("kim@example.com");
  });
});

describe("refusals are speakable and write nothing", () => {
  it("a duplicated tool call (in one message, and sent again) returns the first answer and books once", async () => {
    const args = { appointmentDate: "2026-12-03", appointmentTime: "13:00", patientPhone: "07700 900333" };
    const message = toolCalls([
      { id: "call_dup", name: "bookClinicAppointment", arguments: args },
      { id: "call_dup", name: "bookClinicAppointment", arguments: JSON.stringify(args) },
    ]);
    const [first, second] = vapiPayloads(await call(message), ["call_dup", "call_dup"]);
    const [third] = vapiPayloads(
      await call(toolCalls([{ id: "call_dup", name: "bookClinicAppointment", arguments: args }])),
      ["call_dup"],
    );
    expect(first).toMatchObject({ success: true });
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(await h.counts()).toMatchObject({ appointments: 1, booking_receipts: 1 });
  });

  it("a taken slot (every practitioner booked) offers the nearest free times", async () => {
    await book({ appointmentDate: "2026-12-03", appointmentTime: "14:00", patientPhone: "07700 900444" });
    await book({ appointmentDate: "2026-12-03", appointmentTime: "14:00", patientPhone: "07700 900445" });
    await writesNothing(async () => {
      const r = await book({ appointmentDate: "2026-12-03", appointmentTime: "14:00", patientPhone: "07700 900555" });
      expect(r).toMatchObject({ success: false, code: "SLOT_UNAVAILABLE" });
      expect(r.message).toMatch(
        /^Sorry, that time is already taken\. The nearest free times are on Thursday 3 December: 1, 1:30 and 2:30pm with Dr Patel or Sam\.$/,
      );
      expect((r.alternatives as unknown[]).length).toBeGreaterThan(0);
    });
  });

  it("a past date is refused with today's date in the clinic's zone", async () => {
    await writesNothing(async () => {
      const r = await book({ appointmentDate: "2026-11-20", appointmentTime: "10:00", patientPhone: "07700 900666" });
      expect(r).toMatchObject({ success: false, code: "SLOT_IN_PAST", today: "Saturday 21 November 2026" });
      expect(r.message).toBe(
        "That time has already passed: today is Saturday 21 November 2026. The next free times are on Monday 23 November: 9, 9:30 and 10am with Dr Patel or Sam.",
      );
    });
  });

  it("a time inside the DST gap is refused with the nearest real times", async () => {
    h.clock.set("2027-03-20T10:00:00Z");
    try {
      await h.sql(
        `update organizations set opening_hours = '{"1":[],"2":[],"3":[],"4":[],"5":[],"6":[],"7":[{"open":"00:00","close":"06:00"}]}' where id = $1`,
        [DEMO_ORG],
      );
      await writesNothing(async () => {
        const r = await book({ appointmentDate: "2027-03-28", appointmentTime: "01:30", patientPhone: "07700 900777" });
        expect(r).toMatchObject({ success: false, code: "NONEXISTENT_LOCAL_TIME" });
        expect(r.message).toBe(
          "The clocks go forward that night, so that time doesn't exist on Sunday 28 March. The nearest free times are on Sunday 28 March: 2, 2:30 and 3am with Dr Patel or Sam.",
        );
      });
    } finally {
      h.clock.set("2026-11-21T10:00:00Z");
      await h.sql(
        `update organizations set opening_hours = '{"1":[{"open":"09:00","close":"17:30"}],"2":[{"open":"09:00","close":"17:30"}],"3":[{"open":"09:00","close":"17:30"}],"4":[{"open":"09:00","close":"17:30"}],"5":[{"open":"09:00","close":"17:30"}],"6":[],"7":[]}' where id = $1`,
        [DEMO_ORG],
      );
    }
  });

  it("bad JSON gets HTTP 200 and a readable refusal", async () => {
    await writesNothing(async () => {
      const res = await h.post("/api/vapi/tools", '{"message": {"type": "tool-calls", ');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ results: [], error: "I couldn't read that request. Please try again." });
    });
  });

  it("arguments that are not JSON, wrong types and unknown tools each get their own speakable error", async () => {
    await writesNothing(async () => {
      const body = await call(
        toolCalls([
          { id: "c1", name: "bookClinicAppointment", arguments: "{not json" },
          {
            id: "c2",
            name: "bookClinicAppointment",
            arguments: { appointmentDate: 20261203, appointmentTime: "14:30" },
          },
          {
            id: "c3",
            name: "bookClinicAppointment",
            arguments: { appointmentDate: "2026-12-03", appointmentTime: "14:30", duration: "long" },
          },
          { id: "c4", name: "orderPizza", arguments: {} },
          { id: "c5", name: "cancelAppointment", arguments: { appointmentId: 42 } },
        ]),
      );
      const payloads = vapiPayloads(body, ["c1", "c2", "c3", "c4", "c5"]);
      expect(payloads.map((p) => [p.code, p.field])).toEqual([
        ["INVALID_INPUT", "arguments"],
        ["INVALID_INPUT", "appointmentDate"],
        ["INVALID_INPUT", "duration"],
        ["INVALID_INPUT", "name"],
        ["INVALID_INPUT", "appointmentId"],
      ]);
    });
  });

  it("a message that is not a tool call is acknowledged and changes nothing", async () => {
    await writesNothing(async () => {
      const body = await call({ message: { type: "status-update", status: "in-progress" } });
      expect(body).toEqual({ received: "status-update" });
      const empty = await call({ hello: "world" });
      expect(empty).toEqual({ results: [], error: "I couldn't read that request. Please try again." });
    });
  });

  it("an unknown clinic gets a clear error", async () => {
    await writesNothing(async () => {
      const r = await book(
        { appointmentDate: "2026-12-03", appointmentTime: "10:00", patientPhone: "07700 900888" },
        { assistantId: "asst_nobody", orgId: "00000000-0000-4000-8000-000000000000" },
      );
      expect(r).toMatchObject({ success: false, code: "UNKNOWN_ORG" });
      const none = await book({ appointmentDate: "2026-12-03", appointmentTime: "10:00" }, { assistantId: null });
      expect(none).toMatchObject({ success: false, code: "UNKNOWN_ORG" });
    });
  });

  it("the org comes from the assistant mapping, never from the model's arguments", async () => {
    const r = await book({
      appointmentDate: "2026-12-03",
      appointmentTime: "15:00",
      patientPhone: "07700 900999",
      org_id: "00000000-0000-4000-8000-000000000000",
      clinic_id: "x",
    });
    expect(r).toMatchObject({ success: true });
    expect(await h.sql("select org_id from appointments")).toEqual([{ org_id: DEMO_ORG }]);
  });
});

describe("finding, moving and cancelling", () => {
  it("finds the caller's appointments by their number, moves one and cancels it; a retry changes nothing", async () => {
    const booked = await book({ appointmentDate: "2026-12-03", appointmentTime: "10:00", patientName: "Ann" });
    const found = vapiPayloads(await call(toolCalls([{ id: "f1", name: "findAppointments", arguments: {} }])), [
      "f1",
    ])[0];
    expect(found?.appointments).toMatchObject([{ appointmentId: booked.appointmentId }]);
    const moveArgs = { appointmentId: booked.appointmentId, newDate: "2026-12-04", newTime: "11:30" };
    const [moved] = vapiPayloads(
      await call(toolCalls([{ id: "m1", name: "rescheduleAppointment", arguments: moveArgs }])),
      ["m1"],
    );
    expect(moved).toMatchObject({
      success: true,
      startsAt: "2026-12-04T11:30:00.000Z",
      spokenTime: "Friday 4 December at 11:30am",
    });
    const cancel = toolCalls([
      { id: "x1", name: "cancelAppointment", arguments: { appointmentId: booked.appointmentId } },
    ]);
    const [cancelled] = vapiPayloads(await call(cancel), ["x1"]);
    expect(cancelled).toMatchObject({ success: true, alreadyCancelled: false });
    // A retry of the same tool call gets the first answer, word for word.
    const [again] = vapiPayloads(await call(cancel), ["x1"]);
    expect(again).toEqual(cancelled);
    expect(await h.sql("select status, starts_at from appointments")).toEqual([
      { status: "cancelled", starts_at: new Date("2026-12-04T11:30:00.000Z") },
    ]);
  });

  it("another clinic's appointment id is answered as an unknown id is, and nothing changes", async () => {
    const other = "5a0c3c52-8a43-4bd6-9e3c-2a4c6d2f0e11";
    const closed = { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] };
    const settings = { ...defaultClinicSettings(other as OrgId, "Other Clinic"), openingHours: closed };
    await h.composed.services.clinics.saveClinic({ mode: "create", settings, vapi: {} });
    const theirs = await book(
      { appointmentDate: "2026-12-03", appointmentTime: "10:00", patientPhone: "07700 900121" },
      { assistantId: null, orgId: other },
    );
    expect(theirs).toMatchObject({ success: false, code: "OUTSIDE_OPENING_HOURS" });
    await h.sql(
      `update organizations set opening_hours = (select opening_hours from organizations where id = $2) where id = $1`,
      [other, DEMO_ORG],
    );
    const booked = await book(
      { appointmentDate: "2026-12-03", appointmentTime: "10:00", patientPhone: "07700 900121" },
      { assistantId: null, orgId: other },
    );
    expect(booked).toMatchObject({ success: true });
    await writesNothing(async () => {
      const id = booked.appointmentId;
      const body = await call(
        toolCalls([
          { id: "o1", name: "cancelAppointment", arguments: { appointmentId: id } },
          {
            id: "o2",
            name: "rescheduleAppointment",
            arguments: { appointmentId: id, newDate: "2026-12-04", newTime: "10:00" },
          },
          { id: "o3", name: "cancelAppointment", arguments: { appointmentId: "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f" } },
        ]),
      );
      const [cancel, move, unknown] = vapiPayloads(body, ["o1", "o2", "o3"]);
      expect(cancel).toMatchObject({ success: false });
      expect(move).toMatchObject({ success: false, code: cancel?.code });
      expect(cancel).toEqual(unknown);
    });
    expect(await h.sql("select status from appointments where id = $1", [booked.appointmentId])).toEqual([
      { status: "booked" },
    ]);
  });
});
