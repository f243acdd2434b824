/**
 * Every tool-call item shape Vapi documents, in `toolCallList` and in `toolWithToolCallList`,
 * arguments as a JSON string or an object, is answered exactly as its flat equivalent, in order,
 * `toolCallId` and `name` echoed; a malformed item is answered as an error for itself alone.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ORG, type Harness, startHarness } from "./support/harness.ts";
import { payloadsOf, ToolCallsAnswer } from "./support/vapi-answers.ts";

let h: Harness;
const CALLER = "+447700900123";

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.sql("truncate contacts, appointments, booking_receipts, calendar_sync_jobs cascade");
});

type Args = Record<string, unknown>;
type Shape = (id: string, name: string, args: Args) => unknown;

/** The item shapes, as Vapi's pages show them. */
const SHAPES: Record<string, Shape> = {
  "function.arguments as a JSON string (OpenAPI ToolCall)": (id, name, args) => ({
    id,
    type: "function",
    function: { name, arguments: JSON.stringify(args) },
  }),
  "function.arguments as an object": (id, name, args) => ({
    id,
    type: "function",
    function: { name, arguments: args },
  }),
  "function.parameters as an object": (id, name, args) => ({
    id,
    type: "function",
    function: { name, parameters: args },
  }),
  "name + arguments as an object (custom-tools page)": (id, name, args) => ({ id, name, arguments: args }),
  "name + arguments as a JSON string": (id, name, args) => ({ id, name, arguments: JSON.stringify(args) }),
  "name + parameters as an object (server-events page)": (id, name, args) => ({ id, name, parameters: args }),
  "name + parameters as a JSON string": (id, name, args) => ({ id, name, parameters: JSON.stringify(args) }),
};

/** A `toolWithToolCallList` item: the tool's definition (its JSON Schema under `parameters`) beside the call. */
const wrapped = (call: unknown, name: string) => ({
  type: "function",
  function: { name, parameters: { type: "object", properties: { appointmentId: { type: "string" } } } },
  name,
  parameters: { type: "object", properties: {} },
  server: { url: "https://book.example.org/api/vapi/tools" },
  messages: [],
  toolCall: call,
});

function message(list: "toolCallList" | "toolWithToolCallList", items: unknown[]) {
  return {
    message: {
      type: "tool-calls",
      [list]: items,
      ...(list === "toolWithToolCallList" ? { toolCallList: [] } : {}),
      call: { id: "call-shapes", assistantId: "asst_demo_clinic", customer: { number: CALLER } },
      customer: { number: CALLER },
    },
  };
}

async function toolCalls(body: unknown) {
  const res = await h.post("/api/vapi/tools", body);
  expect(res.status).toBe(200);
  return ToolCallsAnswer.parse(await res.json());
}

/** The same call as the old flat body (org from `customer.metadata`, the caller's number beside it). */
async function flat(name: string, args: Args) {
  const body = { ...args, customer: { number: CALLER, metadata: { org_id: DEMO_ORG } } };
  const res = await h.post(`/api/vapi/tools/${name}`, body);
  expect(res.status).toBe(200);
  const answer = (await res.json()) as { toolResult: { content: string } };
  return JSON.parse(answer.toolResult.content) as Record<string, unknown>;
}

const READS: [string, Args][] = [
  ["checkAvailability", { date: "2026-12-04" }],
  ["checkAvailability", { date: "2026-12-04", time: "10:00", duration: "45" }],
  ["findAppointments", {}],
  ["cancelAppointment", { appointmentId: "not-an-id" }],
  ["bookClinicAppointment", { appointmentDate: "2026-11-20", appointmentTime: "10:00" }],
];

describe.each(Object.entries(SHAPES))("the item shape %s", (_shape, shape) => {
  it.each(["toolCallList", "toolWithToolCallList"] as const)(
    "in %s: each call is answered as its flat equivalent, in order, id and name echoed",
    async (list) => {
      const items = READS.map(([name, args], i) => {
        const item = shape(`id_${i}`, name, args);
        return list === "toolCallList" ? item : wrapped(item, name);
      });
      const answer = await toolCalls(message(list, items));
      expect(answer.results.map((r) => [r.toolCallId, r.name])).toEqual(READS.map(([name], i) => [`id_${i}`, name]));
      const expected = [];
      for (const [name, args] of READS) expected.push(await flat(name, args));
      expect(payloadsOf(answer)).toEqual(expected);
    },
  );

  it("books, and the booking is the one the flat call would make", async () => {
    const args = { appointmentDate: "2026-12-03", appointmentTime: "14:30", patientName: "Amira Khan" };
    const [booked] = payloadsOf(await toolCalls(message("toolCallList", [shape("b1", "bookClinicAppointment", args)])));
    expect(booked).toMatchObject({ success: true, startsAt: "2026-12-03T14:30:00.000Z" });
    const rows = await h.sql(
      "select a.patient_name, c.phone from appointments a join contacts c on c.id = a.contact_id",
    );
    expect(rows).toEqual([{ patient_name: "Amira Khan", phone: CALLER }]);
  });
});

describe("malformed items", () => {
  it("each is answered as an error for itself; the calls around it are still answered, in order", async () => {
    const good = (id: string) => ({ id, name: "checkAvailability", arguments: { date: "2026-12-04" } });
    const answer = await toolCalls(
      message("toolCallList", [
        good("g1"),
        42,
        null,
        ["not", "an", "item"],
        { id: "no-name", arguments: {} },
        { id: "bad-args", function: { name: "checkAvailability", arguments: "{not json" } },
        { id: "unknown", name: "orderPizza", arguments: {} },
        { id: 7, name: "checkAvailability", arguments: {} },
        good("g2"),
      ]),
    );
    expect(answer.results.map((r) => r.toolCallId)).toEqual([
      "g1",
      "",
      "",
      "",
      "no-name",
      "bad-args",
      "unknown",
      "",
      "g2",
    ]);
    const payloads = payloadsOf(answer);
    expect(payloads.map((p) => p.success)).toEqual([true, false, false, false, false, false, false, true, true]);
    expect(payloads.map((p) => p.field ?? null)).toEqual([
      null,
      "toolCall",
      "toolCall",
      "toolCall",
      "toolCall",
      "arguments",
      "name",
      null,
      null,
    ]);
    expect(payloads.every((p) => p.code !== "STORE_UNAVAILABLE")).toBe(true);
  });

  it("a toolWithToolCallList item without its toolCall is refused under the tool's name", async () => {
    const answer = await toolCalls(
      message("toolWithToolCallList", [
        { type: "function", function: { name: "findAppointments", parameters: {} } },
        wrapped({ id: "w2", type: "function", function: { name: "findAppointments", arguments: "{}" } }, "x"),
      ]),
    );
    expect(answer.results.map((r) => [r.toolCallId, r.name])).toEqual([
      ["", "findAppointments"],
      ["w2", "findAppointments"],
    ]);
    expect(payloadsOf(answer).map((p) => p.success)).toEqual([false, true]);
  });

  it("past sixteen calls in one message the rest are refused unrun, and nothing is written", async () => {
    const items = Array.from({ length: 20 }, (_, i) => ({
      id: `many_${i}`,
      name: i < 16 ? "checkAvailability" : "bookClinicAppointment",
      arguments: { appointmentDate: "2026-12-03", appointmentTime: "10:00" },
    }));
    const answer = await toolCalls(message("toolCallList", items));
    expect(answer.results).toHaveLength(20);
    const payloads = payloadsOf(answer);
    expect(payloads.slice(16).map((p) => [p.success, p.field])).toEqual(Array(4).fill([false, "toolCallList"]));
    expect((await h.sql<{ n: number }>("select count(*)::int as n from appointments"))[0]?.n).toBe(0);
  });

  it("a list that is not a list, or no list, is answered with no results", async () => {
    for (const items of [{ id: "x" }, "calls", 7]) {
      const body = { message: { type: "tool-calls", toolCallList: items, call: { assistantId: "asst_demo_clinic" } } };
      expect(await toolCalls(body)).toEqual({ results: [] });
    }
  });
});
