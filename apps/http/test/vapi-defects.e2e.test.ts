/**
 * No input reaches a 5xx: prototype-named argument keys are plain unknown input, a caller number
 * of any length is masked in logs and never fails a committed booking, and a defect (an
 * exception, a store answer the code cannot read) is logged with its stack and answered as a
 * speakable "something went wrong on our side", never as a retryable outage.
 */
import { DomainErrors } from "@voxanne/domain";
import { errAsync } from "neverthrow";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { newApp } from "../src/app.ts";
import type { AppServices } from "../src/app-services.ts";
import { DEFECT_MESSAGE } from "../src/vapi/run-tool-call.ts";
import { type Harness, startHarness, toolCalls } from "./support/harness.ts";
import { COUNT_ROWS, FlatAnswer, payloadsOf, ToolCallsAnswer } from "./support/vapi-answers.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.sql("truncate contacts, appointments, booking_receipts, calendar_sync_jobs cascade");
  h.logs.length = 0;
});

async function answer(body: unknown, app = h.composed.app) {
  const res = await app.request("/api/vapi/tools", {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "content-type": "application/json" },
  });
  expect(res.status).toBe(200);
  return payloadsOf(ToolCallsAnswer.parse(await res.json()));
}

describe("prototype-named keys", () => {
  it("constructor, toString, __proto__ and friends are unknown keys: plain validation, nothing smuggled, nothing written", async () => {
    const before = await h.sql(COUNT_ROWS);
    const id = "5a0c3c52-8a43-4bd6-9e3c-2a4c6d2f0e11";
    const args = `{"constructor":"x","toString":1,"valueOf":{},"hasOwnProperty":null,"__proto__":{"appointmentId":"${id}"}}`;
    const items = ["cancelAppointment", "bookClinicAppointment", "checkAvailability", "rescheduleAppointment"].map(
      (name, i) => `{"id":"p${i}","type":"function","function":{"name":"${name}","arguments":${args}}}`,
    );
    const withString = `{"id":"s","type":"function","function":{"name":"cancelAppointment","arguments":${JSON.stringify(args)}}}`;
    const body = `{"message":{"type":"tool-calls","call":{"id":"c","assistantId":"asst_demo_clinic"},"customer":{"number":"+447700900123"},"toolCallList":[${[...items, withString].join(",")}]}}`;
    const payloads = await answer(body);
    expect(payloads.map((p) => [p.success, p.code ?? null, p.field ?? null])).toEqual([
      [false, "INVALID_INPUT", "appointmentId"],
      [false, "INVALID_INPUT", "appointmentDate"],
      [true, null, null],
      [false, "INVALID_INPUT", "appointmentId"],
      [false, "INVALID_INPUT", "appointmentId"],
    ]);
    expect(await h.sql(COUNT_ROWS)).toEqual(before);
  });

  it("a tool named like a prototype property is an unknown tool", async () => {
    const payloads = await answer(
      toolCalls(
        ["constructor", "toString", "__proto__", "hasOwnProperty"].map((name) => ({ id: name, name, arguments: {} })),
      ),
    );
    expect(payloads.map((p) => p.field)).toEqual(["name", "name", "name", "name"]);
  });
});

describe("NUL bytes (which Postgres cannot store)", () => {
  it("in the assistant id, call id, tool-call id, caller number or an argument: refused or ignored, never a defect", async () => {
    const before = await h.sql(COUNT_ROWS);
    const nul = "\u0000";
    const book = { appointmentDate: "2026-12-03", appointmentTime: "12:00", patientEmail: "nul@example.com" };
    const message = (fields: { assistantId?: string; callId?: string; caller?: string }, id: string, args: object) => ({
      message: {
        type: "tool-calls",
        toolCallList: [{ id, type: "function", function: { name: "bookClinicAppointment", arguments: args } }],
        call: { id: fields.callId ?? "c", assistantId: fields.assistantId ?? "asst_demo_clinic" },
        customer: { number: fields.caller ?? "+447700900123" },
      },
    });
    const [byAssistant] = await answer(message({ assistantId: `asst${nul}` }, "n1", book));
    expect(byAssistant).toMatchObject({ success: false, code: "UNKNOWN_ORG" });
    const [byName] = await answer(message({}, "n2", { ...book, patientName: `Ann${nul}` }));
    expect(byName).toMatchObject({ success: false, code: "INVALID_INPUT", field: "patientName" });
    expect(await h.sql(COUNT_ROWS)).toEqual(before);
    const [byIds] = await answer(message({ callId: `c${nul}`, caller: `+44${nul}` }, `n3${nul}`, book));
    expect(byIds).toMatchObject({ success: true });
  });
});

describe("caller numbers of any length", () => {
  it.each(["+1234", "+12345", "12", "+4477009001234567890"])(
    "a booking from %s answers once, committed, and the log masks the number",
    async (caller) => {
      const [booked] = await answer(
        toolCalls(
          [
            {
              id: `short_${caller}`,
              name: "bookClinicAppointment",
              arguments: { appointmentDate: "2026-12-03", appointmentTime: "11:00", patientEmail: "short@example.com" },
            },
          ],
          { caller },
        ),
      );
      const rows = await h.sql<{ n: number }>("select count(*)::int as n from appointments");
      // Whatever the domain makes of the number, the answer tells the truth about what was written.
      expect(rows[0]?.n).toBe(booked?.success === true ? 1 : 0);
      expect(booked?.code).not.toBe("INTERNAL_ERROR");
      const line = h.logs.find((l) => l.tool === "bookClinicAppointment");
      expect(line?.callerNumber).toMatch(/\*/);
      expect(JSON.stringify(h.logs)).not.toContain(`"${caller}"`);
    },
  );
});

/** The harness's services, with `getClinic` replaced. */
function appWithGetClinic(getClinic: () => unknown) {
  const services = h.composed.services;
  const clinics = Object.create(services.deps.clinics, { getClinic: { value: getClinic } });
  const patched: AppServices = { ...services, deps: { ...services.deps, clinics } };
  return newApp(patched);
}

describe("defects", () => {
  const check = toolCalls([
    { id: "d1", name: "checkAvailability", arguments: { date: "2026-12-04" } },
    { id: "d2", name: "cancelAppointment", arguments: { appointmentId: "nope" } },
  ]);

  it("an exception is answered as a speakable, non-retryable INTERNAL_ERROR, and logged with its stack", async () => {
    const app = appWithGetClinic(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'def')");
    });
    const [broken, other] = await answer(check, app);
    expect(broken).toEqual({ success: false, code: "INTERNAL_ERROR", message: DEFECT_MESSAGE, retryable: false });
    expect(other).toMatchObject({ success: false, code: "INVALID_INPUT" });
    const logged = h.logs.find((l) => l.defect === true) as { err?: { stack?: string } } | undefined;
    expect(logged?.err?.stack).toContain("TypeError: Cannot read properties of undefined");
  });

  it("a store failure marked not retryable (an answer the code cannot read) is a defect too", async () => {
    const app = appWithGetClinic(() =>
      errAsync({ ...DomainErrors.storeUnavailable("get_clinic: bad shape"), retryable: false }),
    );
    const [broken] = await answer(check, app);
    expect(broken).toMatchObject({ code: "INTERNAL_ERROR", retryable: false });
    expect(h.logs.some((l) => l.defect === true && l.cause === "get_clinic: bad shape")).toBe(true);
  });

  it("a retryable outage still says so", async () => {
    const app = appWithGetClinic(() => errAsync(DomainErrors.storeUnavailable("ECONNRESET")));
    const [down] = await answer(check, app);
    expect(down).toMatchObject({ code: "STORE_UNAVAILABLE", retryable: true });
  });

  it("an exception outside any tool call reaches app.onError and is still a Vapi answer, HTTP 200", async () => {
    const services = h.composed.services;
    const app = newApp({
      ...services,
      vapiAuth: { secret: "s", signatureMaxAgeSeconds: 300 },
      nowMs: () => {
        throw new Error("clock defect");
      },
    });
    const res = await app.request("/api/vapi/tools", { method: "POST", body: JSON.stringify(check) });
    expect(res.status).toBe(200);
    expect(ToolCallsAnswer.parse(await res.json())).toEqual({ results: [], error: DEFECT_MESSAGE });
    const flat = await app.request("/api/vapi/tools/checkAvailability", { method: "POST", body: "{}" });
    expect(flat.status).toBe(200);
    expect(FlatAnswer.parse(await flat.json()).toolResult.content).toMatchObject({ code: "INTERNAL_ERROR" });
    expect(h.logs.some((l) => l.msg === "unhandled error" && l.defect === true)).toBe(true);
  });
});
