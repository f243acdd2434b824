/**
 * @module drills/fuzz-cases
 * The fuzz drill's generated requests (fast-check): tool-call messages in every documented item
 * shape and broken ones (deep, huge, unicode, wrong types, prototype-named keys), legacy and flat
 * bodies, other message types, bodies that are not what they claim (truncated, invalid UTF-8,
 * nested a million deep, over the limit, not JSON), mutations of the recorded Vapi fixtures, and
 * the content types they may come with.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { MAX_CALLS_PER_MESSAGE } from "../src/routes/vapi-routes.ts";
import { DEMO_ORG } from "../test/support/harness.ts";

export const TOOLS = [
  "bookClinicAppointment",
  "checkAvailability",
  "cancelAppointment",
  "rescheduleAppointment",
  "findAppointments",
];
export const MUTATING = new Set(["bookClinicAppointment", "cancelAppointment", "rescheduleAppointment"]);
export const FIELDS = [
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
export const PROTO_KEYS = [
  "__proto__",
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "prototype",
  "isPrototypeOf",
];
export const HUGE = "x".repeat(300_000);

/** `depth` nested objects or arrays around `inner`. */
const nest = (depth: number, inner: unknown, arrays: boolean): unknown => {
  let v = inner;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { n: v };
  return v;
};

export const weirdString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom("", " ", "\n", "\u0000", "null", "{}", "[]", "\ud800", "\u202e", "0", "-1", "1e999", HUGE),
);
export const plausible = fc.constantFrom(
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
export const value: fc.Arbitrary<unknown> = fc.oneof(
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
export const argsObject = fc.dictionary(key, value, { maxKeys: 8 });
/** Arguments as an object, as a JSON string of one, or something else entirely. */
export const args = fc.oneof(
  { weight: 4, arbitrary: argsObject },
  { weight: 3, arbitrary: argsObject.map((a) => JSON.stringify(a)) },
  { weight: 1, arbitrary: value },
);
export const toolName = fc.oneof(
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

export const identity = fc.record(
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

export interface Case {
  readonly path: string;
  readonly body: string | Uint8Array;
  readonly contentType: string | null;
  /** For a readable `tool-calls` message: the ids the answer must echo, in order. */
  readonly ids: string[] | null;
  /** `mutated`: a recorded fixture changed anywhere, so any of Vapi's answer shapes may fit. */
  readonly kind: "tool-calls" | "function-call" | "flat" | "other" | "mutated";
}

const echo = (i: unknown): string => {
  if (typeof i !== "object" || i === null || Array.isArray(i)) return "";
  const id = (i as { id?: unknown }).id;
  return typeof id === "string" && Object.hasOwn(i, "id") ? id : "";
};

export const toolCallsCase = fc
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

export const functionCallCase = fc.tuple(toolName, args, identity).map(
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

export const flatCase = fc.tuple(toolName, argsObject, identity).map(
  ([name, a, who]): Case => ({
    path: `/api/vapi/tools/${encodeURIComponent(name === "" ? "x" : wellFormed(name))}`,
    body: JSON.stringify({ ...a, ...who }),
    contentType: "application/json",
    ids: null,
    kind: "flat",
  }),
);

export const otherMessageCase = fc
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

/** A tool-calls body with bytes that are not UTF-8 (or a NUL) put in anywhere. */
export const invalidUtf8Body = fc
  .tuple(toolCallsCase, fc.nat(), fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00]))
  .map(([c, at, bytes]) => {
    const raw = new TextEncoder().encode(typeof c.body === "string" ? c.body : "");
    const i = at % (raw.length + 1);
    return Uint8Array.from([...raw.subarray(0, i), ...bytes, ...raw.subarray(i)]);
  });

/** Bodies that are not what they claim: truncated, invalid UTF-8, nested a million deep, over the limit, not JSON. */
export const brokenBody = fc.oneof(
  fc
    .tuple(toolCallsCase, fc.nat())
    .map(([c, cut]) => (typeof c.body === "string" ? c.body.slice(0, cut % (c.body.length + 1)) : "")),
  invalidUtf8Body,
  fc.integer({ min: 1000, max: 50_000 }).map((d) => `{"message":${"[".repeat(d)}${"]".repeat(d)}}`),
  fc.constantFrom(`{"message":{"type":"tool-calls","toolCallList":[${`"${HUGE}",`.repeat(4)}1]}}`),
  fc.oneof(
    weirdString,
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  ),
);
export const brokenCase = fc
  .tuple(
    brokenBody,
    fc.constantFrom("/api/vapi/tools", "/api/vapi/tools/bookClinicAppointment", "/api/vapi/tools/__proto__"),
  )
  .map(([body, path]): Case => ({ path, body, contentType: "application/json", ids: null, kind: "other" }));

export const contentType = fc.constantFrom(
  "application/json",
  "application/json",
  null,
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=zz",
  "application/json; charset=latin1",
  "image/png",
);

/** The routes that take Vapi's server messages: the same endpoint under two names. */
export const MESSAGE_ROUTES = ["/api/vapi/tools", "/api/vapi/server"] as const;

/** The case at either message route (flat cases keep their own path). */
export const atEitherRoute = (cases: fc.Arbitrary<Case>): fc.Arbitrary<Case> =>
  fc
    .tuple(cases, fc.constantFrom(...MESSAGE_ROUTES))
    .map(([c, path]) => (c.path === "/api/vapi/tools" ? { ...c, path } : c));

const FIXTURES = new URL("../test/fixtures/vapi/", import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8")) as unknown;
const MESSAGE_FIXTURES = ["tool-calls-book.json", "tool-calls-two-calls-object-args.json", "function-call-legacy.json"];

type Json = unknown;
type Path = readonly (string | number)[];

/** Every path in `v` (objects and arrays walked, the root included). */
function pathsOf(v: Json, at: Path = []): Path[] {
  if (typeof v !== "object" || v === null) return [at];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [at, ...entries.flatMap(([k, x]) => pathsOf(x, [...at, k]))];
}

/** `v` with the value at `path` replaced by what `change` makes of it (`undefined`: removed). */
function changeAt(v: Json, path: Path, change: (old: Json) => Json): Json {
  const [head, ...rest] = path;
  if (head === undefined) return change(v);
  if (Array.isArray(v)) {
    const i = Number(head);
    const next = changeAt(v[i], rest, change);
    return next === undefined ? v.filter((_, j) => j !== i) : v.map((x, j) => (j === i ? next : x));
  }
  if (typeof v !== "object" || v === null) return v;
  const copy: Record<string, Json> = { ...v };
  const next = changeAt(copy[head], rest, change);
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** Tool-call `arguments` strings as the objects they hold (Vapi sends either). */
const withObjectArguments = (v: Json): Json =>
  JSON.parse(JSON.stringify(v), (k, x) => (k === "arguments" && typeof x === "string" ? JSON.parse(x) : x)) as Json;

const mutation: fc.Arbitrary<(old: Json) => Json> = fc.oneof(
  value.map((x) => () => x),
  weirdString.map((x) => () => x),
  fc.constant(() => undefined),
  fc.constant((old: Json) => [old]),
  fc.constant((old: Json) => (Array.isArray(old) ? (old[0] ?? {}) : old)),
  fc.tuple(fc.string({ maxLength: 12 }), value).map(
    ([k, x]) =>
      (old: Json) =>
        typeof old === "object" && old !== null && !Array.isArray(old) ? { ...old, [k]: x } : old,
  ),
  fc.integer({ min: 50, max: 400 }).map((d) => (old: Json) => nest(d, old, d % 2 === 0)),
  fc.constant((old: Json) => (typeof old === "string" ? `${old}${HUGE}` : old)),
  fc.constant((old: Json) => (typeof old === "string" ? `${old}\u{1F600}\u0301\u202e\ufeff` : old)),
);

/** A recorded fixture with one to four changes anywhere in it (wrong types, gone, wrapped, huge, …). */
export const fixtureMutationCase: fc.Arbitrary<Case> = fc
  .tuple(
    fc.constantFrom(...MESSAGE_FIXTURES, "flat-book-legacy.json"),
    fc.boolean(),
    fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 4 }),
    fc.constantFrom(...MESSAGE_ROUTES),
  )
  .map(([name, objectArguments, changes, route]): Case => {
    let body: Json = fixture(name);
    if (objectArguments) body = withObjectArguments(body);
    for (const [at, change] of changes) {
      const paths = pathsOf(body);
      body = changeAt(body, paths[at % paths.length] ?? [], change);
    }
    const flat = name.startsWith("flat");
    return {
      path: flat ? "/api/vapi/tools/bookClinicAppointment" : route,
      body: JSON.stringify(body) ?? "",
      contentType: "application/json",
      ids: null,
      kind: "mutated",
    };
  });
