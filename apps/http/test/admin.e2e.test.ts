import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    [{ name: "X", zone: "Mars/Olympus" }, "zone"],
    [{ name: "X", region: "UK" }, "region"],
    [{ name: "X", openingHours: { monday: [{ open: "18:00", close: "09:00" }] } }, "openingHours.monday.0"],
    [{ name: "X", slotMinutes: 0 }, "slotMinutes"],
  ])("refuses %j naming %s", async (body, field) => {
    const res = await request("POST", "/api/admin/clinics", body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "INVALID_INPUT", field });
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

  it("starting a Google link without Google configured says so", async () => {
    const res = await request("POST", `/api/admin/clinics/${DEMO_ORG}/google/connect`);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "CALENDAR_NOT_LINKED" });
  });

  it("serves an OpenAPI document of the admin routes", async () => {
    const res = await h.composed.app.request("/api/admin/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.0.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/clinics", "/clinics/{orgId}", "/clinics/{orgId}/google/connect"]),
    );
    expect(Object.keys(doc.paths["/clinics"] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
  });
});
