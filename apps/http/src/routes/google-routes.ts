/**
 * @module routes/google-routes
 * Google's OAuth redirect lands here (`GET /api/google/callback`): the signed `state` names the
 * clinic and a connect attempt, used here once (a replayed, expired or unknown state is refused
 * with 400 and changes nothing); the code is exchanged for tokens, the Google account checked
 * against the clinic's (another one is refused unless the admin asked to switch), the tokens
 * stored (refresh token encrypted), and calendar syncs parked while the link was missing or broken
 * are resumed.
 */
import { linkCalendar } from "@voxanne/domain";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { AppServices } from "../app-services.ts";

export function googleRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/callback", async (c) => {
    const log = c.get("log");
    const link = services.calendarLink;
    if (link === null) return c.text("Google Calendar is not configured on this server.", 404);
    const denied = c.req.query("error");
    if (denied !== undefined) {
      log.warn({ outcome: "GOOGLE_CONSENT_DENIED", reason: denied }, "google connect refused by the user");
      return c.text(
        `Google did not link the calendar (${denied}). Start the connection again from the admin API.`,
        400,
      );
    }
    const code = c.req.query("code");
    const state = c.req.query("state");
    if (code === undefined || state === undefined) return c.text("This link is missing its code or state.", 400);
    const result = await linkCalendar(link, code, state);
    return result.match(
      ({ orgId, resumed }) => {
        log.info({ orgId, resumed, outcome: "google_linked" }, "google calendar linked");
        return c.text("The clinic's Google Calendar is linked. You can close this page.", 200);
      },
      (e) => {
        const problem = "problem" in e ? { problem: e.problem } : {};
        log.warn({ outcome: e.code, ...problem }, "google connect failed");
        return c.text(e.message, e.code === "STORE_UNAVAILABLE" ? 503 : 400);
      },
    );
  });

  return app;
}
