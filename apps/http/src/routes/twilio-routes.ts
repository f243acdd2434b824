/**
 * @module routes/twilio-routes
 * What Twilio posts back, when SMS is configured: delivery reports (`POST /api/twilio/status`,
 * the status callback of every message we send) and patients' replies (`POST
 * /api/twilio/inbound`, the number's or messaging service's incoming-message webhook). Each is
 * checked first: `X-Twilio-Signature` over the URL Twilio called (`PUBLIC_URL` + path + query)
 * and the form fields; a bad or missing signature is 403 and changes nothing. A STOP /
 * UNSUBSCRIBE reply opts the number out of the clinics' SMS, START opts it back in (the domain's
 * `recordPatientReply`); the answer is empty TwiML (Twilio itself confirms STOP / START). A "C"
 * to a clinic with two-way SMS cancels the number's next appointment there (`cancelByReply`):
 * its "cancelled" confirmation is the answer; with nothing to cancel, a TwiML message says so.
 */
import { cancelByReply, recordPatientReply } from "@voxanne/domain";
import { type Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { AppServices } from "../app-services.ts";
import { maskPhone } from "../notifications/mask.ts";
import type { SmsWebhooks, WebhookFields } from "../notifications/notification-services.ts";

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const NOTHING_TO_CANCEL_TWIML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Sorry, we could not find an upcoming appointment ' +
  "for this number to cancel. Please call the clinic.</Message></Response>";

async function formFields(c: Context<AppEnv>): Promise<WebhookFields> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === "string") fields[k] = v;
  return fields;
}

/** The fields of a request Twilio signed, or `null` (the 403 is answered by the caller). */
async function signedFields(
  c: Context<AppEnv>,
  webhooks: SmsWebhooks,
  publicUrl: string,
): Promise<WebhookFields | null> {
  const fields = await formFields(c);
  const query = new URL(c.req.url).search;
  const url = `${publicUrl.replace(/\/+$/, "")}${c.req.path}${query}`;
  if (webhooks.verify(c.req.header("x-twilio-signature"), url, fields)) return fields;
  c.get("log").warn({ outcome: "BAD_SIGNATURE", path: c.req.path }, "Twilio webhook refused");
  return null;
}

export function twilioRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { notifications, publicUrl } = services;
  const webhooks = notifications.smsWebhooks;
  if (webhooks === null) return app;

  app.post("/status", async (c) => {
    const fields = await signedFields(c, webhooks, publicUrl);
    if (fields === null) return c.json({ error: "Bad or missing X-Twilio-Signature." }, 403);
    const report = webhooks.statusReport(fields);
    if (report === null) return c.json({ error: "No MessageSid / MessageStatus." }, 400);
    const recorded = await notifications.outbox.recordDelivery("sms", report.providerId, report.status);
    if (recorded.isErr()) return c.json({ error: "Try again later." }, 503);
    c.get("log").info({ providerId: report.providerId, status: report.status, known: recorded.value }, "SMS status");
    return c.body(null, 204);
  });

  app.post("/inbound", async (c) => {
    const fields = await signedFields(c, webhooks, publicUrl);
    if (fields === null) return c.json({ error: "Bad or missing X-Twilio-Signature." }, 403);
    const reply = webhooks.reply(fields);
    if (reply === null) return c.json({ error: "No From / To." }, 400);
    if (reply.intent === "cancel") {
      const { store, clock } = services.deps;
      const cancelled = await cancelByReply(
        { settings: notifications.settings, store, clock },
        reply,
        webhooks.defaultSender,
      );
      if (cancelled.isErr()) return c.json({ error: "Try again later." }, 503);
      const appointmentId = cancelled.value?.id ?? null;
      c.get("log").info({ from: maskPhone(reply.from), intent: "cancel", appointmentId }, "SMS reply");
      return c.body(appointmentId === null ? NOTHING_TO_CANCEL_TWIML : EMPTY_TWIML, 200, {
        "Content-Type": "text/xml",
      });
    }
    const changed = await recordPatientReply(notifications.settings, reply, webhooks.defaultSender);
    if (changed.isErr()) return c.json({ error: "Try again later." }, 503);
    c.get("log").info({ from: maskPhone(reply.from), intent: reply.intent, clinics: changed.value }, "SMS reply");
    return c.body(EMPTY_TWIML, 200, { "Content-Type": "text/xml" });
  });

  return app;
}
