/**
 * The admin API under generated requests (fast-check): any method, path, query, content type,
 * token and body (JSON of any shape, clinic-like objects with wrong and unknown fields, prototype
 * names, deep nesting, unicode, invalid UTF-8 bytes). Never a 5xx; every refusal in the one
 * documented error shape; a refusal writes nothing.
 */
import type { OrgId } from "@voxanne/domain";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminErrorBody } from "../src/admin/admin-errors.ts";
import { DEMO_ORG, type Harness, startHarness } from "./support/harness.ts";

const TOKEN = "admin-token-for-fuzzing";
const RUNS = Number(process.env.FC_NUM_RUNS ?? 400);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ ADMIN_TOKEN: TOKEN });
});
afterAll(() => h.close());

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) });
const weird = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "toString", "prototype", "hasOwnProperty", "", " ", "💥", "\u0000"),
  fc.string({ unit: "grapheme", maxLength: 12 }),
);

const orgId = fc.oneof(
  fc.constant(DEMO_ORG),
  fc.uuid(),
  fc.constant(DEMO_ORG.toUpperCase()),
  printable.map(encodeURIComponent),
  fc.constantFrom("%", "%E0%A4%A", "..", "%2F", "null"),
);
const anyMethod = fc.constantFrom("GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS", "HEAD");
const entity = fc.constantFrom("practitioners", "services");
/** An id in a practitioner or service path: mostly one the clinic has (filled in at run time), else anything. */
const catalogId = fc.oneof(
  { weight: 3, arbitrary: fc.constant(":known") },
  { weight: 1, arbitrary: printable.map(encodeURIComponent) },
);
const catalogEndpoint = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      method: fc.constant("POST"),
      path: fc.tuple(orgId, entity).map(([o, e]) => `/api/admin/clinics/${o}/${e}`),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      method: fc.constant("PATCH"),
      path: fc.tuple(orgId, entity, catalogId).map(([o, e, id]) => `/api/admin/clinics/${o}/${e}/${id}`),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      method: fc.constantFrom("GET", "POST", "DELETE"),
      path: fc.oneof(
        fc.tuple(orgId, entity).map(([o, e]) => `/api/admin/clinics/${o}/${e}`),
        fc.tuple(orgId, entity, catalogId).map(([o, e, id]) => `/api/admin/clinics/${o}/${e}/${id}/deactivate`),
        orgId.map((o) => `/api/admin/clinics/${o}/booking-policy`),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      method: fc.constant("PATCH"),
      path: orgId.map((o) => `/api/admin/clinics/${o}/booking-policy`),
    }),
  },
);
/** Mostly the real operations (so bodies reach validation and the store), sometimes anything. */
const endpoint = fc.oneof(
  { weight: 6, arbitrary: catalogEndpoint },
  { weight: 5, arbitrary: fc.record({ method: fc.constant("POST"), path: fc.constant("/api/admin/clinics") }) },
  {
    weight: 4,
    arbitrary: fc.record({ method: fc.constant("PATCH"), path: orgId.map((id) => `/api/admin/clinics/${id}`) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      method: fc.constant("GET"),
      path: fc.oneof(
        fc.constant("/api/admin/clinics"),
        orgId.map((id) => `/api/admin/clinics/${id}`),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      method: fc.constant("POST"),
      path: orgId.map((id) => `/api/admin/clinics/${id}/google/connect`),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      method: anyMethod,
      path: fc.oneof(
        fc.constant("/api/admin/clinics"),
        orgId.map((id) => `/api/admin/clinics/${id}`),
        fc.constant("/api/admin/openapi.json"),
        printable.map((p) => `/api/admin/${encodeURIComponent(p)}`),
      ),
    }),
  },
);
const query = fc.oneof(
  fc.constant(""),
  fc.constantFrom("?switchAccount=true", "?switchAccount=false", "?switchAccount=", "?switchAccount=1&switchAccount=2"),
  fc.dictionary(weird, printable, { maxKeys: 3 }).map((q) => `?${new URLSearchParams(q).toString()}`),
);

const window = fc.record({
  open: fc.oneof(fc.constantFrom("09:00", "12:00", "17:30", "24:00", "9:00"), weird),
  close: fc.oneof(fc.constantFrom("12:00", "17:30", "08:00"), weird),
});
const day = fc.oneof(fc.constant(null), fc.array(window, { maxLength: 3 }), fc.anything());
const clinicish = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.constant(DEMO_ORG), weird),
    name: fc.oneof(fc.string({ unit: "grapheme", maxLength: 30 }), fc.constant(null), fc.integer()),
    zone: fc.constantFrom(
      "Europe/London",
      "America/New_York",
      "EST",
      "UTC",
      "GMT+1",
      "Etc/GMT-1",
      "europe/london",
      null,
    ),
    region: fc.constantFrom("GB", "US", "IE", "UK", "", null),
    openingHours: fc.oneof(
      fc.dictionary(fc.constantFrom("monday", "tuesday", "saturday", "sunday", "mon", "__proto__"), day, {
        maxKeys: 4,
      }),
      fc.anything(),
    ),
    slotMinutes: fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.double(), fc.constant("30")),
    bufferMinutes: fc.oneof(fc.integer({ min: -10, max: 300 }), fc.constant(null)),
    minNoticeMinutes: fc.integer({ min: -1, max: 100_000 }),
    horizonDays: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constant(Number.MAX_SAFE_INTEGER)),
    calendarId: fc.oneof(fc.constant("primary"), weird),
    vapiAssistantIds: fc.oneof(
      fc.array(fc.oneof(fc.constantFrom("asst_demo_clinic", "asst_fuzz"), weird), { maxLength: 3 }),
      fc.constant(null),
    ),
    vapiPhoneNumberIds: fc.oneof(
      fc.array(fc.oneof(fc.constantFrom("pn_demo_clinic", "pn_fuzz"), weird), { maxLength: 3 }),
      fc.constant(null),
    ),
    timezone: fc.constant("Europe/Paris"),
  },
  { requiredKeys: [] },
);
const withStrangers = fc
  .tuple(clinicish, fc.dictionary(weird, fc.anything(), { maxKeys: 2 }))
  .map(([known, strangers]) => ({ ...strangers, ...known }));
const validish = fc.record(
  {
    name: fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).filter((n) => n.trim() !== ""),
    zone: fc.constantFrom("Europe/London", "America/New_York", "Asia/Kolkata"),
    region: fc.constantFrom("GB", "US", "IE"),
    openingHours: fc.constantFrom(
      { monday: [{ open: "09:00", close: "12:00" }], saturday: [] },
      { monday: [{ open: "09:00", close: "12:00" }], saturday: null },
    ),
    slotMinutes: fc.integer({ min: 5, max: 480 }),
    vapiAssistantIds: fc.array(fc.stringMatching(/^asst_[a-f0-9]{6}$/), { maxLength: 2 }),
  },
  { requiredKeys: ["name"] },
);
const practitionerish = fc.record(
  {
    name: fc.oneof(
      fc.constantFrom("Dr Fuzz", "  ", ""),
      fc.string({ unit: "grapheme", maxLength: 30 }),
      fc.constant(null),
    ),
    calendarId: fc.oneof(fc.constantFrom("primary", "", null), weird),
    openingHours: fc.oneof(
      fc.constant(null),
      fc.dictionary(fc.constantFrom("monday", "friday", "mon", "__proto__"), day, { maxKeys: 3 }),
      fc.anything(),
    ),
    active: fc.oneof(fc.boolean(), fc.constant("false")),
    hours: fc.constant({}),
  },
  { requiredKeys: [] },
);
const serviceish = fc.record(
  {
    name: fc.oneof(fc.constantFrom("fuzz check", "", " "), fc.string({ unit: "grapheme", maxLength: 30 })),
    durationMinutes: fc.oneof(fc.integer({ min: -5, max: 600 }), fc.double(), fc.constant("30")),
    bufferMinutes: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constant(null)),
    bufferBeforeMinutes: fc.integer({ min: -5, max: 300 }),
    minNoticeMinutes: fc.oneof(fc.integer({ min: -1, max: 100_000 }), fc.constant(null)),
    synonyms: fc.oneof(fc.array(weird, { maxLength: 3 }), fc.anything()),
    practitionerIds: fc.oneof(fc.constant(":known"), fc.array(weird, { maxLength: 3 }), fc.anything()),
    active: fc.boolean(),
    defaultServiceId: fc.oneof(fc.constant(":known-service"), weird),
    allowDurationOverride: fc.oneof(fc.boolean(), fc.constant(1)),
    duration: fc.constant(30),
  },
  { requiredKeys: [] },
);
const validCatalog = fc.oneof(
  fc.record({
    name: fc.constantFrom("Dr Fuzz", "Alex"),
    openingHours: fc.constantFrom(undefined, null, { monday: [] }),
  }),
  fc.record({
    name: fc.constantFrom("fuzz check", "scan"),
    durationMinutes: fc.integer({ min: 5, max: 480 }),
    practitionerIds: fc.constant(":known"),
  }),
);
const nested = fc.integer({ min: 1, max: 5000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`);
const body: fc.Arbitrary<string | Uint8Array | undefined> = fc.oneof(
  { weight: 6, arbitrary: validish.map((v) => JSON.stringify(v)) },
  { weight: 4, arbitrary: validCatalog.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: practitionerish.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: serviceish.map((v) => JSON.stringify(v)) },
  fc.constant(undefined),
  clinicish.map((v) => JSON.stringify(v)),
  withStrangers.map((v) => JSON.stringify(v)),
  fc.json({ depthSize: "medium" }),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  nested,
  fc.uint8Array({ maxLength: 64 }),
  fc.constantFrom("", " ", "null", "[]", "{}", '{"__proto__": {"name": "x"}}', '{"name": "x"', "\uFEFF{}"),
);
const contentType = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 6, arbitrary: fc.constantFrom("application/json", "application/merge-patch+json") },
  fc.constantFrom(
    "application/json; charset=utf-8",
    "Application/JSON",
    "application/problem+json",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
  ),
  printable,
);
const request = fc.record(
  {
    endpoint,
    query,
    contentType,
    authorization: fc.oneof(
      { weight: 8, arbitrary: fc.constant(`Bearer ${TOKEN}`) },
      { weight: 1, arbitrary: printable },
      { weight: 1, arbitrary: fc.constantFrom(TOKEN, `bearer ${TOKEN}`, `Bearer  ${TOKEN}`, "Bearer ") },
    ),
    body,
  },
  { requiredKeys: ["endpoint", "query", "contentType", "authorization"] },
);

const ERROR_CODES_OUTSIDE_ADMIN = new Set([404]);

/** The demo clinic's practitioners, services and policy, as stored. */
const staff = async () => (await h.composed.services.catalog.getStaff(DEMO_ORG as OrgId))._unsafeUnwrap();
/** Ids the demo clinic has, so generated paths and bodies reach the store's checks. */
async function knownIds() {
  const s = await staff();
  return { practitioner: s.practitioners[0]?.id ?? "none", service: s.services[0]?.id ?? "none" };
}
/** `:known` → a practitioner's (or service's) id of the demo clinic. */
function fill(text: string, known: { practitioner: string; service: string }): string {
  const id = /\/services\//.test(text) ? known.service : known.practitioner;
  return text
    .replaceAll('":known-service"', JSON.stringify(known.service))
    .replaceAll('":known"', JSON.stringify([known.practitioner]))
    .replaceAll(":known", id);
}

describe("the admin API under generated requests", () => {
  it("never answers 5xx, refuses in the documented shape, and a refusal writes nothing", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async ({ endpoint: { method, path: rawPath }, ...r }) => {
        const known = await knownIds();
        const path = fill(rawPath, known);
        const sent = method === "GET" || method === "HEAD" ? undefined : r.body;
        const body = typeof sent === "string" ? fill(sent, known) : sent;
        const headers: Record<string, string> = { authorization: r.authorization };
        if (r.contentType !== undefined) headers["content-type"] = r.contentType;
        const before = { counts: await h.counts(), staff: await staff() };
        const res = await h.composed.app.request(`${path}${r.query}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body }),
        });
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${method} ${path}${r.query}`).toBeLessThan(500);
        if (res.status < 400) return;
        expect({ counts: await h.counts(), staff: await staff() }).toEqual(before);
        if (method === "HEAD") return;
        const answer = (await res.json()) as Record<string, unknown>;
        if (ERROR_CODES_OUTSIDE_ADMIN.has(res.status) && "error" in answer) return; // no such route: the app's 404
        expect(AdminErrorBody.safeParse(answer).success, JSON.stringify(answer)).toBe(true);
      }),
      { numRuns: RUNS, ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }) },
    );
    // The generators reach every kind of answer, the successes included.
    for (const status of [200, 201, 400, 401, 404, 409, 415])
      expect(statuses.get(status), `${status}`).toBeGreaterThan(0);
  });
});
