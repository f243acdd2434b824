/**
 * The conversation end to end through `app.request()`: Vapi's `assistant-request` answered with
 * the clinic's assistant and its "today", on `/api/vapi/tools` and on the `/api/vapi/server`
 * alias; and the answers a caller hears that lead somewhere (grouped free times, closed days,
 * the horizon, times and days as callers say them).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, toolCalls, vapiPayloads } from "./support/harness.ts";

const assistantRequest = (phoneNumberId: string | null) => ({
  message: {
    type: "assistant-request",
    call: {
      id: "call-inbound-1",
      type: "inboundPhoneCall",
      ...(phoneNumberId === null ? {} : { phoneNumberId }),
      customer: { number: "+447700900123" },
    },
    phoneNumber: { number: "+442071234567" },
    customer: { number: "+447700900123" },
  },
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ ALLOW_METADATA_TENANT: "false" });
});
afterAll(() => h.close());

describe("assistant-request", () => {
  it.each(["/api/vapi/server", "/api/vapi/tools"])(
    "%s answers the mapped number's assistant and the clinic's today",
    async (path) => {
      h.clock.set("2026-11-22T10:05:00Z");
      const res = await h.post(path, assistantRequest("pn_demo_clinic"));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        assistantId: "asst_demo_clinic",
        assistantOverrides: {
          variableValues: {
            clinicName: "Demo Clinic",
            clinicToday: "Sunday 22 November 2026",
            clinicDate: "2026-11-22",
            clinicTime: "10:05am",
            clinicZone: "UK time",
            openingHours: "Sunday: closed; Monday to Friday: 9am to 5:30pm; Saturday: closed",
            services: "consultation (30 minutes), check-up (20 minutes) and first assessment (1 hour)",
            practitioners: "Dr Patel and Sam",
          },
        },
      });
    },
  );

  it("gives the clinic's local date, not UTC's: at 00:30 BST it is already tomorrow", async () => {
    h.clock.set("2026-07-01T23:30:00Z");
    const body = (await (await h.post("/api/vapi/server", assistantRequest("pn_demo_clinic"))).json()) as {
      assistantOverrides: { variableValues: Record<string, string> };
    };
    expect(body.assistantOverrides.variableValues).toMatchObject({
      clinicToday: "Thursday 2 July 2026",
      clinicDate: "2026-07-02",
      clinicTime: "12:30am",
    });
  });

  it.each([["pn_nobody"], [null]])(
    "an unmapped number (%s) gets Vapi's spoken error with HTTP 200, never a 5xx",
    async (pn) => {
      const res = await h.post("/api/vapi/server", assistantRequest(pn));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        error: "I'm sorry, I can't reach this clinic's booking system right now. Please call the clinic directly.",
      });
    },
  );

  it("the alias answers tool calls too", async () => {
    h.clock.set("2026-11-21T10:00:00Z");
    const body = await (
      await h.post(
        "/api/vapi/server",
        toolCalls([{ id: "t1", name: "checkAvailability", arguments: { date: "2026-12-06" } }]),
      )
    ).json();
    const [payload] = vapiPayloads(body, ["t1"]);
    expect(payload?.message).toMatch(
      /^We're closed on Sunday 6 December; we're next open on Monday 7 December at 9am\./,
    );
  });
});

describe("with Vapi authentication on", () => {
  let secured: Harness;
  beforeAll(async () => {
    secured = await startHarness({ VAPI_SECRET: "s3cret-for-tests-0123456789" });
  });
  afterAll(() => secured.close());

  it("the alias refuses a request not from our Vapi account and answers one that is", async () => {
    expect((await secured.post("/api/vapi/server", assistantRequest("pn_demo_clinic"))).status).toBe(401);
    const ok = await secured.post("/api/vapi/server", assistantRequest("pn_demo_clinic"), {
      authorization: "Bearer s3cret-for-tests-0123456789",
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ assistantId: "asst_demo_clinic" });
  });
});

describe("answers that lead somewhere", () => {
  const ask = async (name: string, args: Record<string, unknown>) => {
    h.clock.set("2026-11-21T10:00:00Z");
    const body = await (await h.post("/api/vapi/tools", toolCalls([{ id: "q1", name, arguments: args }]))).json();
    return vapiPayloads(body, ["q1"])[0] as Record<string, unknown>;
  };

  it("a range is said day by day, spread over the days, and offered the same way", async () => {
    const r = await ask("checkAvailability", { date: "2026-12-03", endDate: "2026-12-07" });
    expect(r.message).toBe(
      "On Thursday 3 December: 9 and 9:30am; on Friday 4 December: 9 and 9:30am; on Monday 7 December: 9 and 9:30am, each with Dr Patel or Sam. There are more times if none of those suit.",
    );
    const days = new Set((r.slots as { startsAt: string }[]).map((s) => s.startsAt.slice(0, 10)));
    expect(days).toEqual(new Set(["2026-12-03", "2026-12-04", "2026-12-07"]));
  });

  it("a date past the horizon is refused with the last bookable date, with its year", async () => {
    const r = await ask("checkAvailability", { date: "2027-03-01" });
    expect(r).toMatchObject({
      success: false,
      code: "BEYOND_BOOKING_HORIZON",
      message: "We can only book as far ahead as Friday 19 February 2027. Would a day before then suit you?",
    });
  });

  it("books a day and time as the caller said them ('Thursday', '2.30pm')", async () => {
    const r = await ask("bookClinicAppointment", {
      appointmentDate: "Thursday",
      appointmentTime: "2.30pm",
      patientName: "Amira Khan",
    });
    expect(r).toMatchObject({
      success: true,
      message: "You're booked for a consultation with Dr Patel on Thursday 26 November at 2:30pm.",
    });
    await h.sql("truncate contacts, appointments, booking_receipts, calendar_sync_jobs cascade");
  });

  it("a day it cannot read is asked again, naming the field", async () => {
    const r = await ask("checkAvailability", { date: "3rd of December" });
    expect(r).toMatchObject({ success: false, code: "INVALID_INPUT", field: "date" });
  });
});
