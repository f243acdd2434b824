/**
 * @module app
 * The Hono app, built from the services the composition root hands over: request ids and
 * per-request loggers, security headers on every answer (`no-store` on administration and OAuth),
 * a body size limit on every route (checked before anything reads the body), the Vapi tools,
 * administration, the Google callback, Twilio's webhooks and operations. The app holds no state of its own, so
 * tests build it around any services and call `app.request()`.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./app-env.ts";
import type { AppServices } from "./app-services.ts";
import { limitBody } from "./body-limit.ts";
import { adminRoutes } from "./routes/admin-routes.ts";
import { googleRoutes } from "./routes/google-routes.ts";
import { opsRoutes } from "./routes/ops-routes.ts";
import { twilioRoutes } from "./routes/twilio-routes.ts";
import { defectBody, tooLargeBody, VAPI_BODY_LIMIT_BYTES, vapiRoutes } from "./routes/vapi-routes.ts";
import { DEFECT_MESSAGE } from "./vapi/run-tool-call.ts";

/** Clinic settings and Vapi ids: a few KB. */
export const ADMIN_BODY_LIMIT_BYTES = 64 * 1024;
/** Every other route takes no body worth the name. */
export const OTHER_BODY_LIMIT_BYTES = 16 * 1024;

const TOO_LARGE = "That request is too large.";

export function newApp(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(async (c, next) => {
    const log = services.logger.child({ reqId: c.get("requestId") });
    c.set("log", log);
    const started = performance.now();
    await next();
    log.debug(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      "request",
    );
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      xFrameOptions: "DENY",
    }),
  );
  app.use(noStoreOn(["/api/admin", "/api/google"]));
  app.use(bodyLimits());
  app.route("/", opsRoutes(services));
  app.route("/api/vapi", vapiRoutes(services));
  app.route("/api/admin", adminRoutes(services));
  app.route("/api/google", googleRoutes(services));
  app.route("/api/twilio", twilioRoutes(services));
  app.notFound((c) => c.json({ error: `No route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    try {
      (c.get("log") ?? services.logger).error({ err: error, defect: true }, "unhandled error");
    } catch {
      // The answer matters more than the log line.
    }
    if (error instanceof HTTPException) return error.getResponse();
    // Vapi reads only a 200: the defect is answered in its shape, spoken, and not retryable.
    if (isVapiTools(c.req.path)) return c.json(defectBody(c.req.path), 200);
    return c.json({ error: DEFECT_MESSAGE }, 500);
  });
  return app;
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
const isVapiTools = (path: string) => under(path, "/api/vapi/tools") || under(path, "/api/vapi/server");

/** `Cache-Control: no-store` on every answer under these prefixes (tokens, consent links, clinic data). */
function noStoreOn(prefixes: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (prefixes.some((p) => under(c.req.path, p))) c.res.headers.set("Cache-Control", "no-store");
  };
}

/**
 * The body limit of the route, enforced before any handler or middleware reads the body (the
 * Vapi authentication reads it whole): a declared `Content-Length` over the limit is refused
 * unread, a chunked body as soon as it passes the limit (`body-limit`).
 */
function bodyLimits(): MiddlewareHandler<AppEnv> {
  const refuse = (c: Context<AppEnv>, limit: number, body: Record<string, unknown>) => {
    c.get("log").warn({ outcome: "PAYLOAD_TOO_LARGE", path: c.req.path, limit }, "request body too large");
    return c.json(body, 413);
  };
  const vapi = limitBody(VAPI_BODY_LIMIT_BYTES, (c) => refuse(c, VAPI_BODY_LIMIT_BYTES, tooLargeBody(c.req.path)));
  const admin = limitBody(ADMIN_BODY_LIMIT_BYTES, (c) =>
    refuse(c, ADMIN_BODY_LIMIT_BYTES, {
      success: false,
      code: "PAYLOAD_TOO_LARGE",
      message: TOO_LARGE,
      retryable: false,
    }),
  );
  const other = limitBody(OTHER_BODY_LIMIT_BYTES, (c) => refuse(c, OTHER_BODY_LIMIT_BYTES, { error: TOO_LARGE }));
  return (c, next) => {
    const path = c.req.path;
    const limit = under(path, "/api/vapi") ? vapi : under(path, "/api/admin") ? admin : other;
    return limit(c, next);
  };
}
