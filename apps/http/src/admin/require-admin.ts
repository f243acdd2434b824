/**
 * @module admin/require-admin
 * The admin token gate: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time; with no
 * token configured the admin API (and whatever else is admin-only) is off.
 */
import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { AppServices } from "../app-services.ts";
import { sameSecret } from "../vapi/vapi-auth.ts";
import { AdminErrors } from "./admin-errors.ts";

/** Middleware: refuses (401, in the admin error shape) a request without the admin token. */
export function requireAdmin(services: AppServices) {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const token = c.req.header("authorization")?.replace(/^Bearer\s+/i, "");
    const expected = services.adminToken;
    if (expected === null || token === undefined || !sameSecret(token, expected)) {
      const message =
        expected === null
          ? "The admin API is off on this server: set ADMIN_TOKEN to turn it on."
          : "Missing or wrong admin token: send Authorization: Bearer <ADMIN_TOKEN>.";
      const refusal = AdminErrors.unauthorized(message);
      return c.json(refusal.payload, refusal.status);
    }
    await next();
    return undefined;
  };
}
