/**
 * @module routes/catalog-routes
 * The admin routes of a clinic's practitioners and services (list, create, change as a JSON Merge
 * Patch, deactivate: never delete) and of its booking policy, on the admin app (same token, same
 * refusals, same OpenAPI document). Practitioners and services share one route shape, built once
 * per entity from its schemas; the handlers call `catalog-admin`.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { DomainError } from "@voxanne/domain";
import type { Context } from "hono";
import type { Result } from "neverthrow";
import { AdminErrorBody, fromDomain } from "../admin/admin-errors.ts";
import * as admin from "../admin/catalog-admin.ts";
import {
  PolicyChange,
  PolicyView,
  PractitionerChange,
  PractitionerCreate,
  PractitionerView,
  ServiceChange,
  ServiceCreate,
  ServiceView,
} from "../admin/catalog-input.ts";
import { JSON_TYPE, jsonBody, MERGE_PATCH_TYPE } from "../admin/json-body.ts";
import type { AppEnv } from "../app-env.ts";
import { bodyRefusals, json, noClinic, OrgParam, refusals, refuse, security } from "./admin-shared.ts";

interface EntityNames {
  /** Path segment and OpenAPI tag: "practitioners". */
  readonly plural: string;
  /** "practitioner", for summaries, operation ids and log outcomes. */
  readonly one: string;
  readonly createDescription: string;
}

const capital = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
const idParam = (one: string) =>
  OrgParam.extend({
    id: z
      .string()
      .min(1)
      .max(100)
      .openapi({ param: { name: "id", in: "path" } }),
  }).openapi(`${capital(one)}Params`);
const notFound = (one: string) => ({
  404: json(AdminErrorBody, `UNKNOWN_ORG: no clinic with this id; NOT_IN_CATALOG: the clinic has no such ${one}`),
});

/** The four routes of an entity (list, create, change, deactivate), typed by its schemas where called. */
function entityRoutes<C extends z.ZodType, P extends z.ZodType, V extends z.ZodType>(
  e: EntityNames,
  schemas: { create: C; change: P; view: V },
) {
  const tags = [e.plural];
  const base = `/clinics/{orgId}/${e.plural}`;
  const Name = capital(e.one);
  const params = idParam(e.one);
  const patchBody = { schema: schemas.change };
  return {
    list: createRoute({
      method: "get",
      path: base,
      operationId: `list${capital(e.plural)}`,
      summary: `List the clinic's ${e.plural} (inactive ones included)`,
      tags,
      security,
      request: { params: OrgParam },
      responses: { 200: json(z.array(schemas.view), `Every ${e.one} of the clinic`), ...refusals, ...noClinic },
    }),
    create: createRoute({
      method: "post",
      path: base,
      operationId: `create${Name}`,
      summary: `Add a ${e.one}`,
      description: e.createDescription,
      tags,
      security,
      middleware: [jsonBody([JSON_TYPE])] as const,
      request: { params: OrgParam, body: { content: { [JSON_TYPE]: { schema: schemas.create } }, required: true } },
      responses: { 201: json(schemas.view, "Created, with its id"), ...refusals, ...bodyRefusals, ...noClinic },
    }),
    update: createRoute({
      method: "patch",
      path: `${base}/{id}`,
      operationId: `update${Name}`,
      summary: `Change a ${e.one} (JSON Merge Patch)`,
      description: "Only the fields given change; `active: false` deactivates, `active: true` brings back.",
      tags,
      security,
      middleware: [jsonBody([MERGE_PATCH_TYPE, JSON_TYPE])] as const,
      request: { params, body: { content: { [MERGE_PATCH_TYPE]: patchBody, [JSON_TYPE]: patchBody }, required: true } },
      responses: {
        200: json(schemas.view, `The ${e.one} as changed`),
        ...refusals,
        ...bodyRefusals,
        ...notFound(e.one),
      },
    }),
    deactivate: createRoute({
      method: "post",
      path: `${base}/{id}/deactivate`,
      operationId: `deactivate${Name}`,
      summary: `Deactivate a ${e.one} (never deleted: past appointments keep naming it)`,
      description: `No body. An inactive ${e.one} is never offered or booked again; PATCH \`active: true\` brings it back.`,
      tags,
      security,
      request: { params },
      responses: { 200: json(schemas.view, `The ${e.one}, inactive`), ...refusals, ...notFound(e.one) },
    }),
  };
}

const practitioner = entityRoutes(
  {
    plural: "practitioners",
    one: "practitioner",
    createDescription:
      "Only `name` is required (as a caller would say it). Without `calendarId` their appointments go to the " +
      "clinic's calendar; without `openingHours` they work the clinic's hours.",
  },
  { create: PractitionerCreate, change: PractitionerChange, view: PractitionerView },
);
const service = entityRoutes(
  {
    plural: "services",
    one: "service",
    createDescription:
      "`name`, `durationMinutes` and `practitionerIds` (who offers it; each must be the clinic's) are required. " +
      "Bad input (a zero duration, an unknown practitioner) is refused naming the field, and nothing is written.",
  },
  { create: ServiceCreate, change: ServiceChange, view: ServiceView },
);

const policyPath = "/clinics/{orgId}/booking-policy";
const policyBody = { schema: PolicyChange };
const policy = {
  read: createRoute({
    method: "get",
    path: policyPath,
    operationId: "getBookingPolicy",
    summary: "Read the clinic's booking policy (default service, duration override, unknown services)",
    tags: ["services"],
    security,
    request: { params: OrgParam },
    responses: { 200: json(PolicyView, "The clinic's booking policy"), ...refusals, ...noClinic },
  }),
  update: createRoute({
    method: "patch",
    path: policyPath,
    operationId: "updateBookingPolicy",
    summary: "Change the clinic's booking policy (JSON Merge Patch)",
    tags: ["services"],
    security,
    middleware: [jsonBody([MERGE_PATCH_TYPE, JSON_TYPE])] as const,
    request: {
      params: OrgParam,
      body: { content: { [MERGE_PATCH_TYPE]: policyBody, [JSON_TYPE]: policyBody }, required: true },
    },
    responses: { 200: json(PolicyView, "The policy as changed"), ...refusals, ...bodyRefusals, ...noClinic },
  }),
};

/** The answer: the value (logging `outcome` when one is given) or the refusal. */
function reply<T extends object, S extends 200 | 201>(
  c: Context<AppEnv>,
  orgId: string,
  result: Result<T, DomainError>,
  status: S,
  outcome?: string,
) {
  return result.match(
    (v) => {
      if (outcome !== undefined) c.get("log").info({ orgId, outcome }, outcome.replaceAll("_", " "));
      return c.json(v, status);
    },
    (e) => refuse(c, fromDomain(e, orgId)),
  );
}

export function catalogRoutes(app: OpenAPIHono<AppEnv>, a: admin.CatalogAdmin): void {
  app.openapi(practitioner.list, async (c) => {
    const { orgId } = c.req.valid("param");
    return reply(c, orgId, await admin.listPractitioners(a, orgId), 200);
  });
  app.openapi(practitioner.create, async (c) => {
    const { orgId } = c.req.valid("param");
    return reply(c, orgId, await admin.createPractitioner(a, orgId, c.req.valid("json")), 201, "practitioner_created");
  });
  app.openapi(practitioner.update, async (c) => {
    const { orgId, id } = c.req.valid("param");
    const changed = await admin.updatePractitioner(a, orgId, id, c.req.valid("json"));
    return reply(c, orgId, changed, 200, "practitioner_updated");
  });
  app.openapi(practitioner.deactivate, async (c) => {
    const { orgId, id } = c.req.valid("param");
    const changed = await admin.updatePractitioner(a, orgId, id, { active: false });
    return reply(c, orgId, changed, 200, "practitioner_deactivated");
  });
  app.openapi(service.list, async (c) => {
    const { orgId } = c.req.valid("param");
    return reply(c, orgId, await admin.listServices(a, orgId), 200);
  });
  app.openapi(service.create, async (c) => {
    const { orgId } = c.req.valid("param");
    return reply(c, orgId, await admin.createService(a, orgId, c.req.valid("json")), 201, "service_created");
  });
  app.openapi(service.update, async (c) => {
    const { orgId, id } = c.req.valid("param");
    return reply(c, orgId, await admin.updateService(a, orgId, id, c.req.valid("json")), 200, "service_updated");
  });
  app.openapi(service.deactivate, async (c) => {
    const { orgId, id } = c.req.valid("param");
    return reply(c, orgId, await admin.updateService(a, orgId, id, { active: false }), 200, "service_deactivated");
  });
  app.openapi(policy.read, async (c) => {
    const { orgId } = c.req.valid("param");
    return reply(c, orgId, await admin.readPolicy(a, orgId), 200);
  });
  app.openapi(policy.update, async (c) => {
    const { orgId } = c.req.valid("param");
    return reply(c, orgId, await admin.updatePolicy(a, orgId, c.req.valid("json")), 200, "booking_policy_updated");
  });
}
