/**
 * The admin API of a clinic's practitioners, services and booking policy, end to end through
 * `app.request()`: the contract other systems script against (`POST …/practitioners` with
 * `{name, calendarId?, openingHours?}`, `POST …/services` with `{name, durationMinutes,
 * bufferMinutes?, practitionerIds}`, 201 with the created object and its id), merge patches,
 * deactivation that keeps history, and refusals naming the field with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORG, type Harness, startHarness, toolCalls, vapiPayloads } from "./support/harness.ts";

const TOKEN = "admin-token-for-catalog-tests";
const auth = { authorization: `Bearer ${TOKEN}` };
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ ADMIN_TOKEN: TOKEN });
});
afterAll(() => h.close());

const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  h.composed.app.request(path, {
    method,
    headers: { "content-type": "application/json", ...auth, ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
const demo = `/api/admin/clinics/${DEMO_ORG}`;
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
const list = async (what: "practitioners" | "services") =>
  (await (await request("GET", `${demo}/${what}`)).json()) as Record<string, unknown>[];
const catalogRows = async () =>
  (
    await h.sql<{ n: number }>(
      "select (select count(*) from practitioners)::int + (select count(*) from services)::int as n",
    )
  )[0]?.n;

describe("practitioners and services: the admin API", () => {
  it("lists the demo clinic's practitioners and services, inactive starting staff included", async () => {
    const practitioners = await list("practitioners");
    expect(practitioners.filter((p) => p.active).map((p) => p.name)).toEqual(["Dr Patel", "Sam"]);
    expect(practitioners.filter((p) => !p.active)).toHaveLength(1);
    const services = await list("services");
    expect(services.filter((s) => s.active).map((s) => [s.name, s.durationMinutes])).toEqual([
      ["consultation", 30],
      ["check-up", 20],
      ["first assessment", 60],
    ]);
    const policy = await json(await request("GET", `${demo}/booking-policy`));
    expect(policy).toMatchObject({ allowDurationOverride: false, unknownServiceFallsBackToDefault: false });
    expect(services.find((s) => s.id === policy.defaultServiceId)?.name).toBe("consultation");
  });

  it("POST practitioners and services answer 201 with the created object and its id; a caller can then book them", async () => {
    const created = await request("POST", `${demo}/practitioners`, {
      name: "Dr Okafor",
      calendarId: "okafor@group.calendar.google.com",
      openingHours: { friday: [{ open: "10:00", close: "16:00" }] },
    });
    expect(created.status).toBe(201);
    const okafor = await json(created);
    expect(okafor).toMatchObject({
      id: expect.any(String),
      name: "Dr Okafor",
      active: true,
      calendarId: "okafor@group.calendar.google.com",
      openingHours: { friday: [{ open: "10:00", close: "16:00" }], monday: [] },
    });
    const service = await request("POST", `${demo}/services`, {
      name: "acupuncture",
      durationMinutes: 45,
      bufferMinutes: 15,
      practitionerIds: [okafor.id],
    });
    expect(service.status).toBe(201);
    expect(await json(service)).toMatchObject({
      id: expect.any(String),
      name: "acupuncture",
      durationMinutes: 45,
      bufferMinutes: 15,
      bufferBeforeMinutes: 0,
      practitionerIds: [okafor.id],
      active: true,
    });

    const res = await h.post(
      "/api/vapi/tools",
      toolCalls([
        {
          id: "book-acupuncture",
          name: "bookClinicAppointment",
          arguments: { appointmentDate: "2026-12-04", appointmentTime: "10:00", service: "Acupuncture" },
        },
      ]),
    );
    const [booked] = vapiPayloads(await res.json(), ["book-acupuncture"]);
    expect(booked).toMatchObject({ success: true, practitioner: "Dr Okafor", service: "acupuncture" });
    expect(booked?.message).toMatch(/an acupuncture with Dr Okafor on Friday 4 December at 10am/);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const before = await catalogRows();
    const cases: [string, unknown, string][] = [
      ["services", { name: "x-ray", durationMinutes: 0, practitionerIds: ["p"] }, "durationMinutes"],
      ["services", { name: "x-ray", durationMinutes: 30, practitionerIds: [] }, "practitionerIds"],
      [
        "services",
        { name: "x-ray", durationMinutes: 30, practitionerIds: ["no-such-practitioner"] },
        "practitionerIds",
      ],
      ["services", { name: "x-ray", durationMinutes: 30, duration: 30, practitionerIds: ["p"] }, "duration"],
      ["services", { name: " ", durationMinutes: 30, practitionerIds: ["p"] }, "name"],
      [
        "practitioners",
        {
          name: "Dr Who",
          openingHours: {
            monday: [
              { open: "09:00", close: "12:00" },
              { open: "11:00", close: "13:00" },
            ],
          },
        },
        "openingHours.monday",
      ],
      [
        "practitioners",
        { name: "Dr Who", openingHours: { monday: [{ open: "12:00", close: "09:00" }] } },
        "openingHours.monday.0",
      ],
      ["practitioners", { name: "Dr Who", calendarId: "" }, "calendarId"],
      ["practitioners", { name: "Dr Who", calendar: "x" }, "calendar"],
      ["practitioners", {}, "name"],
    ];
    for (const [what, body, field] of cases) {
      const res = await request("POST", `${demo}/${what}`, body);
      const answer = await json(res);
      expect([res.status, answer.code, answer.field], JSON.stringify(body)).toEqual([400, "INVALID_INPUT", field]);
      expect(answer.message).toMatch(new RegExp(`^${field.replaceAll(".", "\\.")}: `));
    }
    expect(await catalogRows()).toBe(before);
  });

  it("refuses what is not JSON (415, 400) and an unknown clinic (404)", async () => {
    const wrongType = await request("POST", `${demo}/services`, "name=x", { "content-type": "text/plain" });
    expect([wrongType.status, (await json(wrongType)).code]).toEqual([415, "UNSUPPORTED_MEDIA_TYPE"]);
    const broken = await request("POST", `${demo}/practitioners`, "{", {});
    expect([broken.status, (await json(broken)).code]).toEqual([400, "MALFORMED_JSON"]);
    const nobody = await request("POST", "/api/admin/clinics/5b0e4f8e-57d4-4f8e-9d4c-3f1f0c7d2a11/practitioners", {
      name: "Dr Nobody",
    });
    expect([nobody.status, (await json(nobody)).code]).toEqual([404, "UNKNOWN_ORG"]);
    const unauthorised = await request("GET", `${demo}/services`, undefined, { authorization: "Bearer wrong" });
    expect(unauthorised.status).toBe(401);
  });

  it("PATCH is a merge patch: only the fields and weekdays given change; an unknown id is 404 NOT_IN_CATALOG", async () => {
    const created = await json(
      await request("POST", `${demo}/practitioners`, {
        name: "Jo",
        openingHours: { monday: [{ open: "09:00", close: "12:00" }], tuesday: [{ open: "09:00", close: "12:00" }] },
      }),
    );
    const res = await request(
      "PATCH",
      `${demo}/practitioners/${created.id}`,
      { openingHours: { tuesday: null, wednesday: [{ open: "13:00", close: "17:00" }] } },
      { "content-type": "application/merge-patch+json" },
    );
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      name: "Jo",
      openingHours: {
        monday: [{ open: "09:00", close: "12:00" }],
        tuesday: [],
        wednesday: [{ open: "13:00", close: "17:00" }],
      },
    });
    const back = await json(await request("PATCH", `${demo}/practitioners/${created.id}`, { openingHours: null }));
    expect(back.openingHours).toBeNull();

    const missing = await request("PATCH", `${demo}/services/no-such-service`, { durationMinutes: 40 });
    expect(missing.status).toBe(404);
    expect(await json(missing)).toMatchObject({ code: "NOT_IN_CATALOG", field: "serviceId" });
  });

  it("deactivating keeps history: the practitioner is listed inactive, never booked, and their booking still names them", async () => {
    const practitioner = await json(await request("POST", `${demo}/practitioners`, { name: "Dr Reyes" }));
    const service = await json(
      await request("POST", `${demo}/services`, {
        name: "physiotherapy",
        durationMinutes: 40,
        practitionerIds: [practitioner.id],
      }),
    );
    const book = (id: string, time: string) =>
      h
        .post(
          "/api/vapi/tools",
          toolCalls([
            {
              id,
              name: "bookClinicAppointment",
              arguments: { appointmentDate: "2026-12-07", appointmentTime: time, service: "physiotherapy" },
            },
          ]),
        )
        .then(async (res) => vapiPayloads(await res.json(), [id])[0]);
    expect(await book("physio-1", "09:00")).toMatchObject({ success: true, practitioner: "Dr Reyes" });

    const off = await request("POST", `${demo}/practitioners/${practitioner.id}/deactivate`);
    expect(off.status).toBe(200);
    expect(await json(off)).toMatchObject({ id: practitioner.id, active: false });
    expect((await list("practitioners")).find((p) => p.id === practitioner.id)).toMatchObject({ active: false });
    const refused = await book("physio-2", "11:00");
    expect(refused?.success).toBe(false);

    const found = await h.post(
      "/api/vapi/tools",
      toolCalls([{ id: "find-reyes", name: "findAppointments", arguments: {} }]),
    );
    const [appointments] = vapiPayloads(await found.json(), ["find-reyes"]);
    expect(appointments?.appointments).toEqual(
      expect.arrayContaining([expect.objectContaining({ practitioner: "Dr Reyes", service: "physiotherapy" })]),
    );
    const serviceOff = await request("POST", `${demo}/services/${service.id}/deactivate`);
    expect(await json(serviceOff)).toMatchObject({ active: false });
  });
});

describe("tool definitions per clinic", () => {
  it("GET /api/vapi/tool-definitions?orgId= (admin) gives the clinic's services and practitioners as enums", async () => {
    const refused = await h.composed.app.request(`/api/vapi/tool-definitions?orgId=${DEMO_ORG}`);
    expect(refused.status).toBe(401);
    const res = await h.composed.app.request(`/api/vapi/tool-definitions?orgId=${DEMO_ORG}`, { headers: auth });
    expect(res.status).toBe(200);
    const definitions = (await res.json()) as {
      function: { name: string; parameters: { properties: Record<string, { enum?: string[]; description?: string }> } };
    }[];
    const book = definitions.find((d) => d.function.name === "bookClinicAppointment")?.function.parameters.properties;
    expect(book?.service?.enum).toEqual(expect.arrayContaining(["consultation", "check-up", "first assessment"]));
    expect(book?.service?.description).toMatch(/first assessment \(60 minutes.*with Dr Patel\)/);
    expect(book?.practitioner?.enum).toEqual(expect.arrayContaining(["Dr Patel", "Sam", "anyone"]));
    expect(book?.duration).toBeUndefined();
    const reschedule = definitions.find((d) => d.function.name === "rescheduleAppointment")?.function.parameters;
    expect(reschedule?.properties.practitioner?.description).toMatch(/^Leave out to keep the same practitioner/);

    const generic = (await (await h.composed.app.request("/api/vapi/tool-definitions")).json()) as typeof definitions;
    const genericBook = generic.find((d) => d.function.name === "bookClinicAppointment")?.function.parameters;
    expect(genericBook?.properties.service?.enum).toBeUndefined();
    expect(Object.keys(genericBook?.properties ?? {})).toEqual(
      expect.arrayContaining(["service", "practitioner", "serviceType", "duration"]),
    );
  });

  it("an unknown or malformed clinic id is refused in the admin error shape", async () => {
    const unknown = await h.composed.app.request(
      "/api/vapi/tool-definitions?orgId=5b0e4f8e-57d4-4f8e-9d4c-3f1f0c7d2a11",
      { headers: auth },
    );
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([404, "UNKNOWN_ORG"]);
    const malformed = await h.composed.app.request("/api/vapi/tool-definitions?orgId=nope", { headers: auth });
    expect(malformed.status).toBe(400);
  });
});
