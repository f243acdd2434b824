/** The admin API end to end through `app.request()`: what an operator (or a program) gets back. */
import type { CalendarConnect, OrgId } from "@voxanne/domain";
import { errAsync, okAsync } from "neverthrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newApp } from "../src/app.ts";
import { DEMO_ORG, type Harness, startHarness, toolCalls, vapiPayloads } from "./support/harness.ts";

const TOKEN = "admin-token-for-tests";
const auth = { authorization: `Bearer ${TOKEN}` };
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ ADMIN_TOKEN: TOKEN });
});
afterAll(() => h.close());

const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = auth) =>
  h.composed.app.request(path, {
    method,
    headers: { "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const raw = (method: string, path: string, body: string | undefined, headers: Record<string, string>) =>
  h.composed.app.request(path, { method, headers: { ...auth, ...headers }, ...(body === undefined ? {} : { body }) });
const demo = `/api/admin/clinics/${DEMO_ORG}`;
const readDemo = async () => (await (await request("GET", demo)).json()) as Record<string, unknown>;

const harbour = {
  name: "Harbour Street Clinic",
  zone: "Europe/Dublin",
  region: "IE",
  openingHours: {
    monday: [
      { open: "08:00", close: "12:00" },
      { open: "13:00", close: "18:00" },
    ],
    saturday: [{ open: "09:00", close: "12:00" }],
  },
  slotMinutes: 20,
  bufferMinutes: 10,
  vapiAssistantIds: ["asst_harbour"],
  vapiPhoneNumberIds: ["pn_harbour"],
};

describe("clinic administration", () => {
  it("refuses requests without the admin token", async () => {
    for (const headers of [{}, { authorization: "Bearer wrong" }]) {
      const res = await request("GET", "/api/admin/clinics", undefined, headers);
      expect(res.status).toBe(401);
    }
  });

  it("creates a clinic whose assistant then books in its zone and region", async () => {
    const res = await request("POST", "/api/admin/clinics", harbour);
    expect(res.status).toBe(201);
    const clinic = (await res.json()) as { id: string };
    expect(clinic).toMatchObject({
      ...harbour,
      horizonDays: 90,
      openingHours: { ...harbour.openingHours, sunday: [] },
    });
    const body = await h.post(
      "/api/vapi/tools",
      toolCalls(
        [
          {
            id: "h1",
            name: "bookClinicAppointment",
            arguments: { appointmentDate: "2026-12-07", appointmentTime: "13:00", patientPhone: "087 123 4567" },
          },
        ],
        { assistantId: "asst_harbour" },
      ),
    );
    const [payload] = vapiPayloads(await body.json(), ["h1"]);
    expect(payload).toMatchObject({ success: true, startsAt: "2026-12-07T13:00:00.000Z" });
    expect(await h.sql("select org_id, phone from contacts where phone = '+353871234567'")).toEqual([
      { org_id: clinic.id, phone: "+353871234567" },
    ]);
  });

  it("refuses another clinic's assistant id and writes nothing", async () => {
    const before = await h.counts();
    const res = await request("POST", "/api/admin/clinics", {
      name: "Copycat",
      vapiAssistantIds: ["asst_demo_clinic"],
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "INVALID_INPUT", field: "vapiAssistantIds" });
    expect(await h.counts()).toEqual(before);
  });

  it.each([
    [{ name: "" }, "name"],
    [{}, "name"],
    [{ name: "X", zone: "Mars/Olympus" }, "zone"],
    [{ name: "X", zone: "EST" }, "zone"],
    [{ name: "X", zone: "GMT+1" }, "zone"],
    [{ name: "X", zone: "UTC" }, "zone"],
    [{ name: "X", region: "UK" }, "region"],
    [{ name: "X", openingHours: { monday: [{ open: "18:00", close: "09:00" }] } }, "openingHours.monday.0"],
    [
      {
        name: "X",
        openingHours: {
          monday: [
            { open: "09:00", close: "12:00" },
            { open: "11:00", close: "13:00" },
          ],
        },
      },
      "openingHours.monday",
    ],
    [{ name: "X", openingHours: { mon: [] } }, "openingHours.mon"],
    [
      { name: "X", openingHours: { monday: [{ open: "09:00", close: "12:00", note: "x" }] } },
      "openingHours.monday.0.note",
    ],
    [{ name: "X", slotMinutes: 0 }, "slotMinutes"],
    [{ name: "X", slotMinutes: "30" }, "slotMinutes"],
    [{ name: "X", timezone: "Europe/Paris" }, "timezone"],
    [{ name: "X", id: "not-a-uuid" }, "id"],
    [[{ name: "X" }], "body"],
    [null, "body"],
    ["X", "body"],
  ])("refuses %j naming %s, and writes nothing", async (body, field) => {
    const before = await h.counts();
    const res = await request("POST", "/api/admin/clinics", body);
    expect(res.status).toBe(400);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(answer).toEqual({
      success: false,
      code: "INVALID_INPUT",
      field,
      message: expect.any(String),
      retryable: false,
    });
    expect(answer.message).toMatch(new RegExp(`^${field.replaceAll(".", "\\.")}: `));
    expect(await h.counts()).toEqual(before);
  });

  it("names the unknown field and the one that was probably meant", async () => {
    const res = await request("POST", "/api/admin/clinics", { name: "Paris", timezone: "Europe/Paris" });
    expect(await res.json()).toMatchObject({
      field: "timezone",
      message: "timezone: not a field here (did you mean zone?)",
    });
  });

  it.each([
    ["malformed JSON", '{"name": ', { "content-type": "application/json" }, 400, "MALFORMED_JSON"],
    ["an empty body", "", { "content-type": "application/json" }, 400, "MALFORMED_JSON"],
    ["only whitespace", "  \n", { "content-type": "application/json" }, 400, "MALFORMED_JSON"],
    ["no content type", JSON.stringify({ name: "X" }), {}, 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["no content type and no body", undefined, {}, 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["text/plain", JSON.stringify({ name: "X" }), { "content-type": "text/plain" }, 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["a form", "name=X", { "content-type": "application/x-www-form-urlencoded" }, 415, "UNSUPPORTED_MEDIA_TYPE"],
    [
      "merge-patch on create",
      JSON.stringify({ name: "X" }),
      { "content-type": "application/merge-patch+json" },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
  ])("a create with %s is a %i %s, not a 500, and writes nothing", async (_what, body, headers, status, code) => {
    const before = await h.counts();
    const res = await raw("POST", "/api/admin/clinics", body, headers);
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ success: false, code, retryable: false });
    expect(await h.counts()).toEqual(before);
  });

  it("reads application/json with a charset", async () => {
    const res = await raw("POST", "/api/admin/clinics", JSON.stringify({ name: "Charset Clinic" }), {
      "content-type": "application/json; charset=utf-8",
    });
    expect(res.status).toBe(201);
  });

  it("a PATCH is a JSON Merge Patch: a weekday not mentioned keeps its hours, null closes one", async () => {
    const before = (await readDemo()).openingHours as Record<string, unknown>;
    const res = await raw(
      "PATCH",
      demo,
      JSON.stringify({ openingHours: { monday: [{ open: "10:00", close: "16:00" }], friday: null, saturday: [] } }),
      { "content-type": "application/merge-patch+json" },
    );
    expect(res.status).toBe(200);
    const after = (await readDemo()).openingHours;
    expect(after).toEqual({
      ...before,
      monday: [{ open: "10:00", close: "16:00" }],
      friday: [],
      saturday: [],
    });
    expect(after).toMatchObject({ tuesday: [{ open: "09:00", close: "17:30" }] });
    const plain = await request("PATCH", demo, { openingHours: { friday: [{ open: "09:00", close: "17:30" }] } });
    expect(plain.status).toBe(200);
    expect((await readDemo()).openingHours).toMatchObject({
      monday: [{ open: "10:00", close: "16:00" }],
      friday: [{ open: "09:00", close: "17:30" }],
    });
  });

  it("a PATCH with null empties a list of Vapi ids, and refuses null for a field that cannot be removed", async () => {
    const created = (await (
      await request("POST", "/api/admin/clinics", { name: "Lists", vapiPhoneNumberIds: ["pn_lists"] })
    ).json()) as { id: string };
    const cleared = await request("PATCH", `/api/admin/clinics/${created.id}`, { vapiPhoneNumberIds: null });
    expect(await cleared.json()).toMatchObject({ name: "Lists", vapiPhoneNumberIds: [] });
    const before = await h.counts();
    const refused = await request("PATCH", `/api/admin/clinics/${created.id}`, { name: null });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: "INVALID_INPUT", field: "name" });
    expect(await h.counts()).toEqual(before);
  });

  it.each([
    [{ zone: "EST" }, "zone"],
    [{ timezone: "Europe/Paris" }, "timezone"],
    [{ id: DEMO_ORG }, "id"],
    [{ openingHours: null }, "openingHours"],
    [{ openingHours: { monday: [{ open: "09:00" }] } }, "openingHours.monday.0.close"],
  ])("a PATCH of %j is refused naming %s and changes nothing", async (body, field) => {
    const before = await readDemo();
    const res = await request("PATCH", demo, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "INVALID_INPUT", field });
    expect(await readDemo()).toEqual(before);
  });

  it("says which clinic does not exist, in an operator's words", async () => {
    const id = "00000000-0000-4000-8000-000000000000";
    for (const res of [
      await request("GET", `/api/admin/clinics/${id}`),
      await request("PATCH", `/api/admin/clinics/${id}`, { name: "Nobody" }),
    ]) {
      expect(res.status).toBe(404);
      const body = (await res.json()) as { message: string };
      expect(body).toMatchObject({ success: false, code: "UNKNOWN_ORG", message: `No clinic with id ${id}.` });
      expect(body.message).not.toMatch(/call the clinic/i);
    }
    const bad = await request("GET", "/api/admin/clinics/not-a-uuid");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "INVALID_INPUT", field: "orgId" });
  });

  it("updates only what is given, and lists and reads clinics", async () => {
    const res = await request("PATCH", `/api/admin/clinics/${DEMO_ORG}`, {
      minNoticeMinutes: 120,
      vapiPhoneNumberIds: ["pn_demo_clinic", "pn_demo_2"],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: DEMO_ORG,
      name: "Demo Clinic",
      minNoticeMinutes: 120,
      slotMinutes: 30,
      vapiAssistantIds: ["asst_demo_clinic"],
      vapiPhoneNumberIds: ["pn_demo_2", "pn_demo_clinic"],
    });
    const one = await request("GET", `/api/admin/clinics/${DEMO_ORG}`);
    expect(await one.json()).toMatchObject({ minNoticeMinutes: 120 });
    const all = (await (await request("GET", "/api/admin/clinics")).json()) as { name: string }[];
    expect(all.map((c) => c.name)).toContain("Demo Clinic");
    const missing = await request("GET", "/api/admin/clinics/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
  });

  it("starting a Google link without Google configured says what to set", async () => {
    const res = await request("POST", `/api/admin/clinics/${DEMO_ORG}/google/connect`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      success: false,
      code: "GOOGLE_NOT_CONFIGURED",
      message: expect.stringContaining("GOOGLE_CLIENT_ID"),
    });
  });

  it("passes switchAccount=true to the consent link, and refuses any other value naming it", async () => {
    const asked: { orgId: OrgId; switchAccount: boolean | undefined }[] = [];
    const connect: CalendarConnect = {
      consentUrl: (orgId, options) => {
        asked.push({ orgId, switchAccount: options?.switchAccount });
        return okAsync(`https://accounts.example/consent?org=${orgId}`);
      },
      complete: () => errAsync({ code: "OAUTH_STATE_INVALID", message: "not in this test" }),
    };
    const services = h.composed.services;
    const app = newApp({ ...services, calendarLink: { connect, outbox: h.composed.backend.stores.outbox } });
    const post = (query: string) =>
      app.request(`/api/admin/clinics/${DEMO_ORG}/google/connect${query}`, { method: "POST", headers: auth });
    expect((await post("")).status).toBe(200);
    const switched = await post("?switchAccount=true");
    expect(await switched.json()).toEqual({ url: `https://accounts.example/consent?org=${DEMO_ORG}` });
    expect(asked).toEqual([
      { orgId: DEMO_ORG, switchAccount: false },
      { orgId: DEMO_ORG, switchAccount: true },
    ]);
    const bad = await post("?switchAccount=yes-please");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "INVALID_INPUT", field: "switchAccount" });
    expect(asked).toHaveLength(2);
  });

  it("serves an OpenAPI document of the admin routes: a summary on every operation, one error shape", async () => {
    const res = await h.composed.app.request("/api/admin/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDoc;
    expect(doc.openapi).toBe("3.0.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/clinics",
        "/clinics/{orgId}",
        "/clinics/{orgId}/google/connect",
        "/clinics/{orgId}/notifications",
      ]),
    );
    expect(Object.keys(doc.paths["/clinics"] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
    const operations = Object.values(doc.paths).flatMap((p) => Object.values(p));
    // clinics (5), practitioners and services (4 each), the booking policy (2), notifications (2)
    expect(operations).toHaveLength(17);
    for (const op of operations) {
      expect(op.summary).toMatch(/\w/);
      for (const [status, answer] of Object.entries(op.responses)) {
        if (Number(status) >= 400) {
          expect(answer.content["application/json"]?.schema).toEqual({ $ref: "#/components/schemas/AdminError" });
        }
      }
    }
    expect(doc.components.schemas.AdminError).toMatchObject({
      required: expect.arrayContaining(["success", "code", "message", "retryable"]),
      additionalProperties: false,
    });
    const patch = doc.paths["/clinics/{orgId}"]?.patch;
    expect(Object.keys(patch?.requestBody?.content ?? {})).toEqual([
      "application/merge-patch+json",
      "application/json",
    ]);
    expect(doc.components.schemas.ClinicCreate).toMatchObject({ additionalProperties: false });
  });
});

interface OpenApiDoc {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        requestBody?: { content: Record<string, unknown> };
        responses: Record<string, { content: Record<string, { schema?: unknown }> }>;
      }
    >
  >;
  components: { schemas: Record<string, unknown> };
}
