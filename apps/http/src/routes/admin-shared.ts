/**
 * @module routes/admin-shared
 * What every admin route shares: the documented refusals (OpenAPI responses in the one
 * `AdminError` shape), the `orgId` path parameter, the bearer security, and the refusal answer.
 */
import { z } from "@hono/zod-openapi";
import { isUuid } from "@voxanne/domain";
import type { Context } from "hono";
import { type AdminError, AdminErrorBody } from "../admin/admin-errors.ts";
import type { AppEnv } from "../app-env.ts";

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
export const refusals = {
  400: json(AdminErrorBody, "INVALID_INPUT naming the field (or parameter) at fault"),
  401: json(AdminErrorBody, "UNAUTHORIZED: missing or wrong admin token, or the admin API is off"),
  503: json(AdminErrorBody, "STORE_UNAVAILABLE: the database is not answering (retryable)"),
};
export const bodyRefusals = {
  400: json(AdminErrorBody, "MALFORMED_JSON (empty or not JSON), or INVALID_INPUT naming the field at fault"),
  413: json(AdminErrorBody, "PAYLOAD_TOO_LARGE: over 64 KB"),
  415: json(AdminErrorBody, "UNSUPPORTED_MEDIA_TYPE: the body is not sent as JSON"),
};
export const noClinic = { 404: json(AdminErrorBody, "UNKNOWN_ORG: no clinic with this id") };
export const OrgParam = z.object({
  orgId: z
    .string()
    .refine(isUuid, "not a clinic id (a UUID)")
    .openapi({ param: { name: "orgId", in: "path" }, format: "uuid" }),
});
export const security = [{ adminToken: [] }];

/** The refusal as the response (typed as the route's documented error answers). */
export function refuse(c: Context<AppEnv>, e: AdminError) {
  return c.json(e.payload, e.status as 400);
}
