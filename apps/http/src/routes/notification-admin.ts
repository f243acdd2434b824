/**
 * @module routes/notification-admin
 * The clinic's notification settings in the admin API (behind the admin token, like every
 * `/clinics/*` route): `GET` and `PUT /clinics/{orgId}/notifications`. A PUT names only what it
 * changes; templates, sender and lead time are validated on save (400 naming the field).
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { isUuid, parseOrgId, saveNotificationSettings } from "@voxanne/domain";
import type { Context } from "hono";
import { type AdminError, AdminErrorBody, fromDomain } from "../admin/admin-errors.ts";
import { JSON_TYPE, jsonBody } from "../admin/json-body.ts";
import {
  applyChange,
  NotificationSettingsChange,
  NotificationSettingsOut,
} from "../admin/notification-settings-input.ts";
import type { AppEnv } from "../app-env.ts";
import type { AppServices } from "../app-services.ts";

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
const refusals = {
  400: json(AdminErrorBody, "INVALID_INPUT naming the field at fault (a template's unknown placeholder, a sender, …)"),
  401: json(AdminErrorBody, "UNAUTHORIZED: missing or wrong admin token, or the admin API is off"),
  404: json(AdminErrorBody, "UNKNOWN_ORG: no clinic with this id"),
  503: json(AdminErrorBody, "STORE_UNAVAILABLE: the database is not answering (retryable)"),
};
const OrgParam = z.object({
  orgId: z
    .string()
    .refine(isUuid, "not a clinic id (a UUID)")
    .openapi({ param: { name: "orgId", in: "path" }, format: "uuid" }),
});
const common = { tags: ["notifications"], security: [{ adminToken: [] }] };

const read = createRoute({
  method: "get",
  path: "/clinics/{orgId}/notifications",
  operationId: "getNotificationSettings",
  summary: "Read the clinic's notification settings",
  ...common,
  request: { params: OrgParam },
  responses: { 200: json(NotificationSettingsOut, "The settings (ours until the clinic saves its own)"), ...refusals },
});
const write = createRoute({
  method: "put",
  path: "/clinics/{orgId}/notifications",
  operationId: "setNotificationSettings",
  summary: "Change the clinic's notification settings",
  description: "Only the fields given change. Templates' placeholders, the sender and the lead time are checked.",
  ...common,
  middleware: [jsonBody([JSON_TYPE])] as const,
  request: {
    params: OrgParam,
    body: { content: { [JSON_TYPE]: { schema: NotificationSettingsChange } }, required: true },
  },
  responses: { 200: json(NotificationSettingsOut, "The settings as saved"), ...refusals },
});

/** The refusal as the response (typed as the routes' documented error answers). */
const refuse = (c: Context<AppEnv>, e: AdminError) => c.json(e.payload, e.status as 400);

export function registerNotificationAdmin(app: OpenAPIHono<AppEnv>, services: AppServices): void {
  const { settings } = services.notifications;
  app.openapi(read, async (c) => {
    const { orgId } = c.req.valid("param");
    return (await parseOrgId(orgId).asyncAndThen((id) => settings.getSettings(id))).match(
      (v) => c.json(v, 200),
      (e) => refuse(c, fromDomain(e, orgId)),
    );
  });
  app.openapi(write, async (c) => {
    const { orgId } = c.req.valid("param");
    const change = c.req.valid("json");
    const saved = await parseOrgId(orgId)
      .asyncAndThen((id) => settings.getSettings(id))
      .andThen((current) => saveNotificationSettings(settings, applyChange(current, change)));
    return saved.match(
      (v) => {
        c.get("log").info({ orgId, outcome: "notification_settings_saved" }, "notification settings saved");
        return c.json(v, 200);
      },
      (e) => refuse(c, fromDomain(e, orgId)),
    );
  });
}
