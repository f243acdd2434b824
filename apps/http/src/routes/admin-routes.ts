/**
 * @module routes/admin-routes
 * Clinic administration for operators, behind `Authorization: Bearer <ADMIN_TOKEN>`: list,
 * read, create and update clinics (settings and Vapi ids) and start a Google Calendar link.
 * Described by OpenAPI (served at `/api/admin/openapi.json`) from the same zod schemas that
 * validate the requests.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type DomainError, DomainErrors, parseOrgId } from "@voxanne/domain";
import type { Context } from "hono";
import { Clinic, ClinicCreate, ClinicUpdate } from "../admin/clinic-input.ts";
import { createClinic, listClinics, type Onboarding, readClinic, updateClinic } from "../admin/clinic-onboarding.ts";
import type { AppEnv } from "../app-env.ts";
import type { AppServices } from "../app-services.ts";
import { errorReply } from "../errors/error-reply.ts";
import { sameSecret } from "../vapi/vapi-auth.ts";

const ErrorBody = z
  .object({ success: z.literal(false), code: z.string(), message: z.string(), retryable: z.boolean() })
  .catchall(z.unknown())
  .openapi("Error");
const json = <S extends z.ZodType>(schema: S, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const failures = {
  400: json(ErrorBody, "Invalid input"),
  401: json(ErrorBody, "Missing or wrong admin token"),
  404: json(ErrorBody, "No such clinic"),
  503: json(ErrorBody, "Database unavailable"),
};
const OrgParam = z.object({ orgId: z.string().openapi({ param: { name: "orgId", in: "path" }, format: "uuid" }) });
const security = [{ adminToken: [] }];

const list = createRoute({
  method: "get",
  path: "/clinics",
  security,
  responses: { 200: json(z.array(Clinic), "Every clinic"), ...failures },
});
const read = createRoute({
  method: "get",
  path: "/clinics/{orgId}",
  security,
  request: { params: OrgParam },
  responses: { 200: json(Clinic, "The clinic"), ...failures },
});
const create = createRoute({
  method: "post",
  path: "/clinics",
  security,
  request: { body: { content: { "application/json": { schema: ClinicCreate } }, required: true } },
  responses: { 201: json(Clinic, "Created"), ...failures },
});
const update = createRoute({
  method: "patch",
  path: "/clinics/{orgId}",
  security,
  request: { params: OrgParam, body: { content: { "application/json": { schema: ClinicUpdate } }, required: true } },
  responses: { 200: json(Clinic, "Updated"), ...failures },
});
const connect = createRoute({
  method: "post",
  path: "/clinics/{orgId}/google/connect",
  security,
  request: { params: OrgParam },
  responses: {
    200: json(z.object({ url: z.url() }), "Open this URL as the clinic's Google account to link its calendar"),
    409: json(ErrorBody, "Google is not configured on this server"),
    ...failures,
  },
});

export function adminRoutes(services: AppServices): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return undefined;
      const field = String(result.error.issues[0]?.path.join(".") ?? "body");
      const problem = result.error.issues[0]?.message ?? "invalid";
      return c.json(errorReply(DomainErrors.invalidInput(field, `${field}: ${problem}`)).payload, 400);
    },
  });
  const o: Onboarding = { clinics: services.clinics, ids: services.deps.ids };
  const refuse = (c: Context<AppEnv>, e: DomainError) => {
    const reply = errorReply(e);
    return c.json(reply.payload, reply.status as 400);
  };

  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", { type: "http", scheme: "bearer" });
  app.doc("/openapi.json", {
    openapi: "3.0.0",
    info: { title: "Voxanne booking core: clinic administration", version: "1.0.0" },
    servers: [{ url: `${services.publicUrl}/api/admin` }],
  });

  app.use("/clinics", requireAdmin(services));
  app.use("/clinics/*", requireAdmin(services));

  app.openapi(list, async (c) =>
    (await listClinics(o)).match(
      (v) => c.json(v, 200),
      (e) => refuse(c, e),
    ),
  );
  app.openapi(read, async (c) =>
    (await readClinic(o, c.req.valid("param").orgId)).match(
      (v) => c.json(v, 200),
      (e) => refuse(c, e),
    ),
  );
  app.openapi(create, async (c) => {
    const result = await createClinic(o, c.req.valid("json"));
    return result.match(
      (v) => {
        c.get("log").info({ orgId: v.id, outcome: "clinic_created" }, "clinic created");
        return c.json(v, 201);
      },
      (e) => refuse(c, e),
    );
  });
  app.openapi(update, async (c) => {
    const result = await updateClinic(o, c.req.valid("param").orgId, c.req.valid("json"));
    return result.match(
      (v) => {
        c.get("log").info({ orgId: v.id, outcome: "clinic_updated" }, "clinic updated");
        return c.json(v, 200);
      },
      (e) => refuse(c, e),
    );
  });
  app.openapi(connect, async (c) => {
    const link = services.calendarLink;
    if (link === null) {
      return c.json(errorReply(DomainErrors.calendarNotLinked()).payload, 409);
    }
    const org = await parseOrgId(c.req.valid("param").orgId).asyncAndThen((id) => services.clinics.getClinic(id));
    return org.match(
      (clinic) => c.json({ url: link.connect.consentUrl(clinic.orgId) }, 200),
      (e) => refuse(c, e),
    );
  });

  return app;
}

function requireAdmin(services: AppServices) {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const token = c.req.header("authorization")?.replace(/^Bearer\s+/i, "");
    const expected = services.adminToken;
    if (expected === null || token === undefined || !sameSecret(token, expected)) {
      const message =
        expected === null
          ? "The admin API is off on this server: set ADMIN_TOKEN to turn it on."
          : "Missing or wrong admin token.";
      return c.json({ success: false, code: "UNAUTHORIZED", message, retryable: false }, 401);
    }
    await next();
    return undefined;
  };
}
