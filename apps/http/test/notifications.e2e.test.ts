/**
 * Notifications end to end, with the Twilio emulator as TWILIO_API_BASE_URL and a local SMTP
 * sink as SMTP_URL: the README's curl booking produces one SMS at the emulator (and one email with
 * its ICS), a reschedule one more and moves the reminder; Twilio's status callback is recorded,
 * a bad signature is refused with 403 and changes nothing; a STOP reply stops later messages;
 * the admin API validates templates; /api/ready and /metrics show the backlog and the counts.
 */
import { SmtpSink } from "@voxanne/adapter-smtp/testing";
import { TwilioEmulator } from "@voxanne/adapter-twilio/testing";
import { type OrgId, reminderInstant } from "@voxanne/domain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ORG, type Harness, startHarness } from "./support/harness.ts";

const PUBLIC_URL = "https://voxanne.test";
const FROM = "+447700900000";
const PATIENT = "+441234567890";
const ADMIN = "admin-token-for-the-notifications-test";

let h: Harness;
let twilio: TwilioEmulator;
let smtp: SmtpSink;

beforeAll(async () => {
  twilio = await TwilioEmulator.start();
  smtp = await SmtpSink.start();
  h = await startHarness({
    PUBLIC_URL,
    ADMIN_TOKEN: ADMIN,
    WORKER_ENABLED: "true",
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM_NUMBER: FROM,
    TWILIO_API_BASE_URL: twilio.url,
    SMTP_URL: smtp.url,
    EMAIL_FROM: "bookings@demo.example",
  });
});
afterAll(async () => {
  await h.close();
  await twilio.close();
  await smtp.close();
});
beforeEach(async () => {
  await h.sql("truncate contacts, appointments, booking_receipts, calendar_sync_jobs, notification_opt_outs cascade");
  twilio.messages.sent.length = 0;
  twilio.messages.optedOut.clear();
  smtp.received.length = 0;
});

const customer = { metadata: { org_id: DEMO_ORG } };
const drain = () => h.composed.notificationWorker?.drain();

async function flat(tool: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await h.post(`/api/vapi/tools/${tool}`, { ...args, customer });
  const body = (await res.json()) as { toolResult: { content: string } };
  return JSON.parse(body.toolResult.content) as Record<string, unknown>;
}

/** The README's curl: Tuesday 1 December at 2:30pm. */
async function readmeBooking(): Promise<string> {
  const answer = await flat("bookClinicAppointment", {
    appointmentDate: "2026-12-01",
    appointmentTime: "14:30",
    patientName: "Test Patient",
    patientEmail: "test@example.com",
    patientPhone: PATIENT,
    serviceType: "Consultation",
    duration: 30,
  });
  expect(answer).toMatchObject({ success: true });
  return String(answer.appointmentId);
}

const pendingReminders = async (id: string) =>
  (await h.composed.services.notifications.outbox.pendingFor(DEMO_ORG as OrgId, id))
    ._unsafeUnwrap()
    .filter((j) => j.kind === "reminder")
    .map((j) => `${j.channel}@${j.dueAt.toISOString()}`);

/** Posts form fields to our Twilio route, signed as Twilio would sign them (or with `signature`). */
function fromTwilio(pathAndQuery: string, fields: Record<string, string>, signature?: string) {
  const sig = signature ?? twilio.sign(`${PUBLIC_URL}${pathAndQuery}`, fields);
  return h.composed.app.request(pathAndQuery, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": sig },
    body: new URLSearchParams(fields).toString(),
  });
}

describe("notifications through the Twilio emulator and the SMTP sink", () => {
  it("the README's booking: one SMS and one email with its ICS; a reschedule: one more of each, the reminder moved", async () => {
    const id = await readmeBooking();
    await drain();
    expect(twilio.sentTo(PATIENT).map((m) => [m.from, m.body])).toEqual([
      [FROM, "Demo Clinic: you're booked for a consultation with Dr Patel on Tue 1 Dec at 2:30pm."],
    ]);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.raw).toContain("text/calendar");
    const day = 24 * 60;
    expect(await pendingReminders(id)).toEqual(
      ["sms", "email"].map(
        (c) => `${c}@${reminderInstant(new Date("2026-12-01T14:30:00Z"), day, "Europe/London").toISOString()}`,
      ),
    );

    const moved = await flat("rescheduleAppointment", {
      appointmentId: id,
      newDate: "2026-12-02",
      newTime: "10:00",
      patientPhone: PATIENT,
      patientEmail: "test@example.com",
    });
    expect(moved).toMatchObject({ success: true });
    await drain();
    expect(twilio.sentTo(PATIENT).map((m) => m.body)).toEqual([
      "Demo Clinic: you're booked for a consultation with Dr Patel on Tue 1 Dec at 2:30pm.",
      "Demo Clinic: your appointment for a consultation with Dr Patel has moved to Wed 2 Dec at 10am.",
    ]);
    expect(smtp.received).toHaveLength(2);
    expect(await pendingReminders(id)).toEqual(["sms@2026-12-01T10:00:00.000Z", "email@2026-12-01T10:00:00.000Z"]);
    await drain();
    expect(twilio.messages.sent).toHaveLength(2);
  });

  it("a signed status callback records delivery; a bad signature is 403 and changes nothing", async () => {
    await readmeBooking();
    await drain();
    const [message] = twilio.sentTo(PATIENT);
    const callback = new URL(message?.statusCallback ?? "");
    expect(callback.origin + callback.pathname).toBe(`${PUBLIC_URL}/api/twilio/status`);
    const path = `${callback.pathname}${callback.search}`;
    const fields = { MessageSid: message?.sid ?? "", MessageStatus: "delivered", To: PATIENT, From: FROM };
    const status = () =>
      h.sql<{ s: string | null }>(
        "select delivery_status as s from notification_jobs where channel = 'sms' and provider_id is not null",
      );

    for (const bad of ["", "not-a-signature", twilio.sign(`${PUBLIC_URL}/api/twilio/status`, fields)]) {
      expect((await fromTwilio(path, fields, bad)).status).toBe(403);
    }
    expect(await status()).toEqual([{ s: null }]);
    expect((await fromTwilio(path, fields)).status).toBe(204);
    expect(await status()).toEqual([{ s: "delivered" }]);
  });

  it("STOP stops later SMS to that number (email still goes); a forged STOP changes nothing; START resumes", async () => {
    const stop = { From: PATIENT, To: FROM, Body: "STOP", MessageSid: "SM1" };
    expect((await fromTwilio("/api/twilio/inbound", stop, "forged")).status).toBe(403);
    expect(await h.sql("select * from notification_opt_outs")).toEqual([]);
    const res = await fromTwilio("/api/twilio/inbound", stop);
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "text/xml"]);
    expect(await h.sql("select phone from notification_opt_outs")).toEqual([{ phone: PATIENT }]);

    await readmeBooking();
    await drain();
    expect(twilio.sentTo(PATIENT)).toEqual([]);
    expect(smtp.received).toHaveLength(1);
    const dropped = await h.sql(
      "select channel, state, outcome from notification_jobs where kind = 'booked' order by channel",
    );
    expect(dropped).toEqual([
      { channel: "email", state: "sent", outcome: null },
      { channel: "sms", state: "dropped", outcome: "OPTED_OUT" },
    ]);
    await fromTwilio("/api/twilio/inbound", { ...stop, Body: "START" });
    expect(await h.sql("select * from notification_opt_outs")).toEqual([]);
  });

  it("two-way SMS: the text offers 'Reply C to cancel.', and a C cancels the number's next appointment, once", async () => {
    const auth = { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" };
    const url = `/api/admin/clinics/${DEMO_ORG}/notifications`;
    const put = (body: unknown) =>
      h.composed.app.request(url, { method: "PUT", headers: auth, body: JSON.stringify(body) });
    expect((await put({ twoWaySms: true })).status).toBe(200);
    await readmeBooking();
    await drain();
    expect(twilio.sentTo(PATIENT).map((m) => m.body)).toEqual([
      "Demo Clinic: you're booked for a consultation with Dr Patel on Tue 1 Dec at 2:30pm. Reply C to cancel.",
    ]);
    const c = { From: PATIENT, To: FROM, Body: "C", MessageSid: "SMreply1" };
    const answer = await fromTwilio("/api/twilio/inbound", c);
    expect([answer.status, await answer.text()]).toEqual([200, expect.not.stringContaining("<Message>")]);
    expect(await h.sql("select status from appointments")).toEqual([{ status: "cancelled" }]);
    expect((await fromTwilio("/api/twilio/inbound", c)).status).toBe(200);
    await drain();
    expect(twilio.sentTo(PATIENT).map((m) => m.body)).toEqual([
      "Demo Clinic: you're booked for a consultation with Dr Patel on Tue 1 Dec at 2:30pm. Reply C to cancel.",
      "Demo Clinic: your appointment for a consultation with Dr Patel on Tue 1 Dec at 2:30pm is cancelled.",
    ]);
    const nothing = await fromTwilio("/api/twilio/inbound", { ...c, MessageSid: "SMreply2" });
    expect(await nothing.text()).toContain("could not find an upcoming appointment");
    expect((await put({ twoWaySms: false })).status).toBe(200);
  });

  it("the admin API reads and changes the clinic's settings, refusing an unknown placeholder", async () => {
    const auth = { authorization: `Bearer ${ADMIN}` };
    const url = `/api/admin/clinics/${DEMO_ORG}/notifications`;
    const read = await h.composed.app.request(url, { headers: auth });
    expect(await read.json()).toMatchObject({ sms: null, reminderLeadMinutes: 1440, templates: {} });
    const put = (body: unknown) =>
      h.composed.app.request(url, {
        method: "PUT",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const bad = await put({ templates: { booked: "{clinic}: see you {whenever}" } });
    expect([bad.status, ((await bad.json()) as { field?: string }).field]).toEqual([400, "templates.booked"]);
    const good = await put({ templates: { booked: "{clinic}: see you {when}." }, reminderLeadMinutes: 120 });
    expect(await good.json()).toMatchObject({
      reminderLeadMinutes: 120,
      templates: { booked: "{clinic}: see you {when}." },
    });
    await readmeBooking();
    await drain();
    expect(twilio.sentTo(PATIENT).map((m) => m.body)).toEqual(["Demo Clinic: see you Tue 1 Dec at 2:30pm."]);
    await put({ templates: {}, reminderLeadMinutes: 1440 });
  });

  it("/api/ready shows the backlog and the oldest due message; /metrics counts by channel, kind and outcome", async () => {
    await readmeBooking();
    const ready = (await (await h.composed.app.request("/api/ready")).json()) as {
      notifications: Record<string, unknown>;
    };
    expect(ready.notifications).toMatchObject({ due: 2, scheduled: 2, channels: ["sms", "email"] });
    expect(typeof ready.notifications.oldestDueAt).toBe("string");
    await drain();
    const metrics = await (await h.composed.app.request("/metrics")).text();
    expect(metrics).toMatch(/voxanne_notifications_total\{channel="sms",kind="booked",outcome="sent"\} [1-9]/);
    expect(metrics).toContain('voxanne_notification_outbox_jobs{state="scheduled"} 2');
    const logged = JSON.stringify(h.logs.filter((l) => l.msg === "notification job"));
    expect(logged).toContain("+44•••••••890");
    expect(logged).not.toContain(PATIENT);
    expect(logged).not.toContain("test@example.com");
  });
});
