/**
 * Generated bodies at every Vapi route: tool-call messages in every documented item shape and
 * broken ones (deep, huge, unicode, wrong types, prototype-named keys, invalid UTF-8 bytes, wrong
 * content types, truncated JSON). Whatever comes in: no 5xx; every `tool-calls` answer is one Vapi
 * can read, one result per item, in order, `toolCallId` echoed; every legacy answer is its legacy
 * shape; and nothing is written unless a call says it changed something.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CALLS_PER_MESSAGE } from "../src/routes/vapi-routes.ts";
import { DEMO_ORG, type Harness, startHarness } from "./support/harness.ts";
import { COUNT_ROWS, FlatAnswer, FunctionCallAnswer, payloadsOf, ToolCallsAnswer } from "./support/vapi-answers.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const TOOLS = [
  "bookClinicAppointment",
  "checkAvailability",
  "cancelAppointment",
  "rescheduleAppointment",
  "findAppointments",
];
const MUTATING = new Set(["bookClinicAppointment", "cancelAppointment", "rescheduleAppointment"]);
const FIELDS = [
  "appointmentDate",
  "appointmentTime",
  "date",
  "endDate",
  "time",
  "duration",
  "appointmentId",
  "newDate",
  "newTime",
  "patientName",
  "patientPhone",
  "patientEmail",
  "serviceType",
];
const PROTO_KEYS = ["__proto__", "constructor", "toString", "valueOf", "hasOwnProperty", "prototype", "isPrototypeOf"];
const HUGE = "x".repeat(300_000);

/** `depth` nested objects or arrays around `inner`. */
const nest = (depth: number, inner: unknown, arrays: boolean): unknown => {
  let v = inner;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { n: v };
  return v;
};

const weirdString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom("", " ", "\n", "\u0000", "null", "{}", "[]", "\ud800", "\u202e", "0", "-1", "1e999", HUGE),
);
const plausible = fc.constantFrom(
  "2026-12-03",
  "2026-12-04",
  "2026-11-20",
  "2027-03-28",
  "10:00",
  "2:30pm",
  "25:99",
  "30",
  45,
  5,
  0,
  -3,
  1e9,
  "07700 900123",
  "+447700900123",
  "+1234",
  "a@example.com",
  "5a0c3c52-8a43-4bd6-9e3c-2a4c6d2f0e11",
  "Amira Khan",
);
const deep = fc
  .tuple(fc.integer({ min: 20, max: 200 }), fc.boolean())
  .map(([depth, arrays]) => nest(depth, "2026-12-03", arrays));
const value: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: plausible },
  { weight: 3, arbitrary: weirdString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
);
const key = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const argsObject = fc.dictionary(key, value, { maxKeys: 8 });
/** Arguments as an object, as a JSON string of one, or something else entirely. */
const args = fc.oneof(
  { weight: 4, arbitrary: argsObject },
  { weight: 3, arbitrary: argsObject.map((a) => JSON.stringify(a)) },
  { weight: 1, arbitrary: value },
);
const toolName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TOOLS) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  { weight: 1, arbitrary: weirdString },
);
const callId = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("call_1", "call_1", "dup"), fc.integer());

/** One item in any documented shape (or a broken one); `id` is what the answer must echo. */
const item = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(callId, toolName, args, fc.integer({ min: 0, max: 6 })).map(([id, name, a, shape]) => {
      const shapes = [
        { id, type: "function", function: { name, arguments: a } },
        { id, type: "function", function: { name, parameters: a } },
        { id, name, arguments: a },
        { id, name, parameters: a },
        { id, function: { name }, arguments: a },
        { id, type: "function", function: { name, arguments: a }, name: "shadowed" },
        { id, name },
      ];
      return shapes[shape];
    }),
  },
  { weight: 1, arbitrary: value },
);

/** A `toolWithToolCallList` item: the definition beside its call (or a broken one). */
const wrappedItem = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.tuple(item, toolName).map(([call, name]) => ({
      type: "function",
      function: { name, parameters: { type: "object", properties: {} } },
      toolCall: call,
    })),
  },
  { weight: 1, arbitrary: value },
);

const identity = fc.record(
  {
    call: fc.record(
      {
        id: fc.oneof(fc.constantFrom("fuzz-call"), weirdString, fc.integer()),
        assistantId: fc.oneof(fc.constantFrom("asst_demo_clinic", "asst_demo_clinic", "asst_nobody"), value),
        customer: fc.record({ number: fc.oneof(plausible, weirdString) }),
      },
      { requiredKeys: [] },
    ),
    assistant: fc.record({ metadata: fc.record({ org_id: fc.oneof(fc.constant(DEMO_ORG), weirdString) }) }),
    customer: fc.oneof(fc.record({ number: fc.oneof(plausible, weirdString) }), value),
  },
  { requiredKeys: [] },
);

interface Case {
  readonly path: string;
  readonly body: string | Uint8Array;
  readonly contentType: string | null;
  /** For a readable `tool-calls` message: the ids the answer must echo, in order. */
  readonly ids: string[] | null;
  readonly kind: "tool-calls" | "function-call" | "flat" | "other";
}

const echo = (i: unknown): string => {
  if (typeof i !== "object" || i === null || Array.isArray(i)) return "";
  const id = (i as { id?: unknown }).id;
  return typeof id === "string" && Object.hasOwn(i, "id") ? id : "";
};

const toolCallsCase = fc
  .tuple(
    fc.oneof(
      { weight: 9, arbitrary: fc.array(item, { maxLength: 5 }) },
      {
        weight: 1,
        arbitrary: fc.array(item, { minLength: MAX_CALLS_PER_MESSAGE, maxLength: MAX_CALLS_PER_MESSAGE + 4 }),
      },
    ),
    fc.array(wrappedItem, { maxLength: 6 }),
    fc.constantFrom("toolCallList", "toolWithToolCallList", "both"),
    identity,
  )
  .map(([listed, wrapped, which, who]): Case => {
    const toolCallList = which === "toolWithToolCallList" ? [] : listed;
    const toolWithToolCallList = which === "toolCallList" ? undefined : wrapped;
    const used =
      toolCallList.length > 0
        ? toolCallList.map(echo)
        : (toolWithToolCallList ?? []).map((w) =>
            typeof w === "object" && w !== null && !Array.isArray(w)
              ? echo((w as { toolCall?: unknown }).toolCall)
              : "",
          );
    const message = { type: "tool-calls", toolCallList, toolWithToolCallList, ...who };
    return {
      path: "/api/vapi/tools",
      body: JSON.stringify({ message }),
      contentType: "application/json",
      ids: used,
      kind: "tool-calls",
    };
  });

const functionCallCase = fc.tuple(toolName, args, identity).map(
  ([name, parameters, who]): Case => ({
    path: "/api/vapi/tools",
    body: JSON.stringify({ message: { type: "function-call", functionCall: { name, parameters }, ...who } }),
    contentType: "application/json",
    ids: null,
    kind: "function-call",
  }),
);

/** Lone surrogates replaced, so that the name can be put in a URL. */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "?");

const flatCase = fc.tuple(toolName, argsObject, identity).map(
  ([name, a, who]): Case => ({
    path: `/api/vapi/tools/${encodeURIComponent(name === "" ? "x" : wellFormed(name))}`,
    body: JSON.stringify({ ...a, ...who }),
    contentType: "application/json",
    ids: null,
    kind: "flat",
  }),
);

const otherMessageCase = fc
  .tuple(fc.oneof(weirdString, fc.constantFrom("status-update", "end-of-call-report")), value)
  .map(
    ([type, rest]): Case => ({
      path: "/api/vapi/tools",
      body: JSON.stringify({ message: { type, rest } }),
      contentType: "application/json",
      ids: null,
      kind: "other",
    }),
  );

/** Bodies that are not what they claim: truncated, invalid UTF-8, nested a million deep, over the limit, not JSON. */
const brokenBody = fc.oneof(
  fc
    .tuple(toolCallsCase, fc.nat())
    .map(([c, cut]) => (typeof c.body === "string" ? c.body.slice(0, cut % (c.body.length + 1)) : "")),
  fc
    .tuple(
      toolCallsCase,
      fc.nat(),
      fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00]),
    )
    .map(([c, at, bytes]) => {
      const raw = new TextEncoder().encode(typeof c.body === "string" ? c.body : "");
      const i = at % (raw.length + 1);
      return Uint8Array.from([...raw.subarray(0, i), ...bytes, ...raw.subarray(i)]);
    }),
  fc.integer({ min: 1000, max: 50_000 }).map((d) => `{"message":${"[".repeat(d)}${"]".repeat(d)}}`),
  fc.constantFrom(`{"message":{"type":"tool-calls","toolCallList":[${`"${HUGE}",`.repeat(4)}1]}}`),
  fc.oneof(
    weirdString,
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  ),
);
const brokenCase = fc
  .tuple(
    brokenBody,
    fc.constantFrom("/api/vapi/tools", "/api/vapi/tools/bookClinicAppointment", "/api/vapi/tools/__proto__"),
  )
  .map(([body, path]): Case => ({ path, body, contentType: "application/json", ids: null, kind: "other" }));

const contentType = fc.constantFrom(
  "application/json",
  "application/json",
  null,
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=zz",
  "application/json; charset=latin1",
  "image/png",
);

/** Sends a case; returns the status and the parsed body (which must be JSON). */
async function send(c: Case, type: string | null) {
  const res = await h.composed.app.request(c.path, {
    method: "POST",
    body: c.body,
    headers: type === null ? {} : { "content-type": type },
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as unknown };
}

/** Whether the answer says something may have changed: a mutating tool (or a legacy call) answered with success. */
function claimsAChange(body: unknown): boolean {
  const b = body as {
    results?: { result?: string; name?: string }[];
    result?: string;
    toolResult?: { content?: string };
  };
  const texts = [
    ...(b.results ?? []).filter((r) => MUTATING.has(r.name ?? "")).map((r) => r.result),
    b.result,
    b.toolResult?.content,
  ];
  return texts.some((t) => t !== undefined && (JSON.parse(t) as { success?: unknown }).success === true);
}

/** Every payload in an answer, whatever its shape. */
function payloadTexts(body: unknown): string[] {
  const b = body as {
    results?: { result?: string; error?: string }[];
    result?: string;
    toolResult?: { content?: string };
  };
  const texts = [...(b.results ?? []).map((r) => r.result ?? r.error), b.result, b.toolResult?.content];
  return texts.filter((t): t is string => t !== undefined);
}

/** The row counts after the previous case: the next case's "before". */
let counts: unknown;

async function checkCase(c: Case, type: string | null) {
  counts ??= await h.sql(COUNT_ROWS);
  const { status, body } = await send(c, type);
  expect(status).toBeLessThan(500);
  expect([200, 413]).toContain(status);
  if (c.path === "/api/vapi/tools") {
    if (c.kind === "function-call" && status === 200) FunctionCallAnswer.parse(body);
    else if (c.kind === "other" && status === 200 && "received" in (body as object))
      expect(body).toEqual({ received: expect.any(String) });
    else {
      const answer = ToolCallsAnswer.parse(body);
      payloadsOf(answer);
      if (c.ids !== null && status === 200) expect(answer.results.map((r) => r.toolCallId)).toEqual(c.ids);
    }
  } else {
    FlatAnswer.parse(body);
  }
  // The database is healthy: no input may be answered as a defect or as an outage.
  const codes = payloadTexts(body).map((t) => (JSON.parse(t) as { code?: unknown }).code);
  expect(codes).not.toContain("INTERNAL_ERROR");
  expect(codes).not.toContain("STORE_UNAVAILABLE");
  const after = await h.sql(COUNT_ROWS);
  if (!claimsAChange(body)) expect(after).toEqual(counts);
  counts = after;
}

describe("fuzzed Vapi bodies", () => {
  it("tool-calls messages in every shape, broken items among them: Vapi-valid answers, one per item, in order", async () => {
    await fc.assert(
      fc.asyncProperty(toolCallsCase, async (c) => checkCase(c, "application/json")),
      { numRuns: 1200 },
    );
  }, 120_000);

  it("legacy function-call messages, flat bodies at every tool path, and other message types", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(functionCallCase, flatCase, otherMessageCase), contentType, async (c, type) =>
        checkCase(c, type),
      ),
      { numRuns: 1000 },
    );
  }, 120_000);

  it("broken bodies (truncated, invalid UTF-8, deep, huge, not JSON) under any content type", async () => {
    await fc.assert(
      fc.asyncProperty(brokenCase, contentType, async (c, type) => checkCase(c, type)),
      { numRuns: 800 },
    );
  }, 120_000);
});
