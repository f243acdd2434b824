/**
 * @module routes/admin-routes
 * Clinic administration for operators, behind `Authorization: Bearer <ADMIN_TOKEN>`: list,
 * read, create and change clinics (settings and Vapi ids; a change is a JSON Merge Patch) and
 * start a Google Calendar link. Described by OpenAPI (served at `/api/admin/openapi.json`) from the
 * same strict zod schemas that validate the requests. Every refusal is an `AdminError` in an
 * operator's words, 4xx for anything a client can get wrong (no body, a wrong content type, bad
 * JSON, an unknown field), never a 500.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { parseOrgId } from "@voxanne/domain";
import { HTTPException } from "hono/http-exception";
import { AdminErrorBody, AdminErrors, fromDomain } from "../admin/admin-errors.ts";
import { Clinic, ClinicCreate, ClinicPatch, firstProblem } from "../admin/clinic-input.ts";
import { createClinic, listClinics, type Onboarding, readClinic, updateClinic } from "../admin/clinic-onboarding.ts";
import { JSON_TYPE, jsonBody, MERGE_PATCH_TYPE } from "../admin/json-body.ts";
import { requireAdmin } from "../admin/require-admin.ts";
import type { AppEnv } from "../app-env.ts";
import type { AppServices } from "../app-services.ts";
import { bodyRefusals, json, noClinic, OrgParam, refusals, refuse, security } from "./admin-shared.ts";
import { catalogRoutes } from "./catalog-routes.ts";
import { registerNotificationAdmin } from "./notification-admin.ts";

const ConnectQuery = z.object({
  switchAccount: z
    .enum(["true", "false"])
    .optional()
    .openapi({
      param: { name: "switchAccount", in: "query" },
      description: "`true`: the clinic means to link another Google account than the one linked now",
    }),
});
const tags = ["clinics"];

const list = createRoute({
  method: "get",
  path: "/clinics",
  operationId: "listClinics",
  summary: "List every clinic",
  description: "Every clinic with its settings and its Vapi assistant and phone-number ids, by name.",
  tags,
  security,
  responses: { 200: json(z.array(Clinic), "Every clinic"), ...refusals },
});
const read = createRoute({
  method: "get",
  path: "/clinics/{orgId}",
  operationId: "getClinic",
  summary: "Read one clinic",
  tags,
  security,
  request: { params: OrgParam },
  responses: { 200: json(Clinic, "The clinic"), ...refusals, ...noClinic },
});
const create = createRoute({
  method: "post",
  path: "/clinics",
  operationId: "createClinic",
  summary: "Create a clinic",
  description:
    "Only `name` is required. An unknown field is refused (400 naming it); an assistant or phone-number id " +
    "that belongs to another clinic is refused and nothing is written.",
  tags,
  security,
  middleware: [jsonBody([JSON_TYPE])] as const,
  request: { body: { content: { [JSON_TYPE]: { schema: ClinicCreate } }, required: true } },
  responses: { 201: json(Clinic, "Created"), ...refusals, ...bodyRefusals },
});
const patchBody = { schema: ClinicPatch };
const update = createRoute({
  method: "patch",
  path: "/clinics/{orgId}",
  operationId: "updateClinic",
  summary: "Change a clinic (JSON Merge Patch)",
  description:
    "RFC 7386, as application/merge-patch+json (application/json is read the same way): only the fields " +
    "given change; in openingHours only the weekdays given (null or [] closes a day); a list of Vapi ids " +
    "replaces the clinic's (null empties it).",
  tags,
  security,
  middleware: [jsonBody([MERGE_PATCH_TYPE, JSON_TYPE])] as const,
  request: {
    params: OrgParam,
    body: { content: { [MERGE_PATCH_TYPE]: patchBody, [JSON_TYPE]: patchBody }, required: true },
  },
  responses: { 200: json(Clinic, "The clinic as changed"), ...refusals, ...bodyRefusals, ...noClinic },
});
const connect = createRoute({
  method: "post",
  path: "/clinics/{orgId}/google/connect",
  operationId: "connectGoogleCalendar",
  summary: "Start linking the clinic's Google Calendar",
  description:
    "Returns a single-use consent URL to open signed in as the clinic's Google account. A relink must come " +
    "back from the account linked now, unless `switchAccount=true`.",
  tags,
  security,
  request: { params: OrgParam, query: ConnectQuery },
  responses: {
    200: json(z.object({ url: z.url() }), "Open this URL as the clinic's Google account to link its calendar"),
    409: json(AdminErrorBody, "GOOGLE_NOT_CONFIGURED: this server has no Google OAuth client"),
    ...refusals,
    ...noClinic,
  },
});

export function adminRoutes(services: AppServices): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const { field, problem } = firstProblem(result.error, result.target === "json" ? "body" : result.target);
      return refuse(c, AdminErrors.invalidInput(field, problem));
    },
  });
  const o: Onboarding = { clinics: services.clinics, ids: services.deps.ids };

  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", { type: "http", scheme: "bearer" });
  app.doc("/openapi.json", {
    openapi: "3.0.0",
    info: { title: "Voxanne booking core: clinic administration", version: "1.1.0" },
    servers: [{ url: `${services.publicUrl}/api/admin` }],
  });

  app.use("/clinics", requireAdmin(services));
  app.use("/clinics/*", requireAdmin(services));

  app.openapi(list, async (c) =>
    (await listClinics(o)).match(
      (v) => c.json(v, 200),
      (e) => refuse(c, fromDomain(e)),
    ),
  );
  app.openapi(read, async (c) => {
    const { orgId } = c.req.valid("param");
    return (await readClinic(o, orgId)).match(
      (v) => c.json(v, 200),
      (e) => refuse(c, fromDomain(e, orgId)),
    );
  });
  app.openapi(create, async (c) => {
    const result = await createClinic(o, c.req.valid("json"));
    return result.match(
      (v) => {
        c.get("log").info({ orgId: v.id, outcome: "clinic_created" }, "clinic created");
        return c.json(v, 201);
      },
      (e) => refuse(c, fromDomain(e)),
    );
  });
  app.openapi(update, async (c) => {
    const { orgId } = c.req.valid("param");
    const result = await updateClinic(o, orgId, c.req.valid("json"));
    return result.match(
      (v) => {
        c.get("log").info({ orgId: v.id, outcome: "clinic_updated" }, "clinic updated");
        return c.json(v, 200);
      },
      (e) => refuse(c, fromDomain(e, orgId)),
    );
  });
  catalogRoutes(app, { catalog: services.catalog, ids: services.deps.ids, clinics: services.clinics });
  app.openapi(connect, async (c) => {
    const link = services.calendarLink;
    if (link === null) return refuse(c, AdminErrors.googleNotConfigured());
    const { orgId } = c.req.valid("param");
    const switchAccount = c.req.valid("query").switchAccount === "true";
    const url = await parseOrgId(orgId).asyncAndThen((id) => link.connect.consentUrl(id, { switchAccount }));
    return url.match(
      (consent) => c.json({ url: consent }, 200),
      (e) => refuse(c, fromDomain(e, orgId)),
    );
  });

  registerNotificationAdmin(app, services);

  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 415) {
      return refuse(c, AdminErrors.unsupportedMediaType(c.req.header("content-type") ?? null, [JSON_TYPE]));
    }
    if (error instanceof HTTPException && error.status === 400) {
      return refuse(c, AdminErrors.malformedJson(`The request could not be read: ${error.message}`));
    }
    c.get("log").error({ err: error, defect: true }, "admin request failed");
    return refuse(c, AdminErrors.internal());
  });
  return app;
}
