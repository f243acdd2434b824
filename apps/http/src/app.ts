/**
 * @module app
 * The Hono app, built from the services the composition root hands over: request ids and
 * per-request loggers, the Vapi tools, administration, the Google callback and operations. The
 * app holds no state of its own, so tests build it around any services and call `app.request()`.
 */
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./app-env.ts";
import type { AppServices } from "./app-services.ts";
import { adminRoutes } from "./routes/admin-routes.ts";
import { googleRoutes } from "./routes/google-routes.ts";
import { opsRoutes } from "./routes/ops-routes.ts";
import { vapiRoutes } from "./routes/vapi-routes.ts";

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
  app.route("/", opsRoutes(services));
  app.route("/api/vapi", vapiRoutes(services));
  app.route("/api/admin", adminRoutes(services));
  app.route("/api/google", googleRoutes(services));
  app.notFound((c) => c.json({ error: `No route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((error, c) => {
    (c.get("log") ?? services.logger).error({ err: error }, "unhandled error");
    return c.json({ error: "Internal error" }, 500);
  });
  return app;
}
