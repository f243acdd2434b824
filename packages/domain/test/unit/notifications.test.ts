/**
 * The notification policy as use cases and values: what the text says (the clinic's words and
 * zone, the reply line), templates validated on save, and what `sendNotification` does with a job
 * it must not send (too late, channel off, no address, opted out, cancelled before its reminder)
 * or that may have landed before (looked up first, never resent).
 */
import { describe, expect, it } from "vitest";
import {
  defaultNotificationSettings,
  type NotificationSettings,
  recordPatientReply,
  renderMessage,
  saveNotificationSettings,
  sendNotification,
  validateNotificationSettings,
} from "../../src/index.ts";
import { bookCommand } from "../../src/testing/index.ts";
import type { PhoneNumber } from "../../src/values/phone-number.ts";
import { CLINIC, notificationWorld } from "../support/notification-world.ts";

const patient = { phone: "+447700900123" as PhoneNumber, email: null, name: "Amira" };
const settings = (s: Partial<NotificationSettings> = {}): NotificationSettings => ({
  ...defaultNotificationSettings(CLINIC),
  ...s,
});

async function bookedWorld(minutes = 0) {
  const world = notificationWorld();
  const { receipt } = (await world.store.book(bookCommand(CLINIC, patient, minutes)))._unsafeUnwrap();
  return { ...world, appointment: receipt.appointment };
}

describe("the message text", () => {
  it("says the clinic's name and the time in its zone, with 'Reply C to cancel.' only where two-way SMS is on", async () => {
    const { appointment, db } = await bookedWorld();
    const clinic = db.fullClinic(CLINIC);
    if (clinic === undefined) throw new Error("no clinic");
    const text = (s: NotificationSettings, channel: "sms" | "email" = "sms") =>
      renderMessage("booked", channel, new Date("2026-12-01T14:30:00Z"), appointment, clinic, s).body;
    expect(text(settings({ twoWaySms: true, sender: "+447700900000" }))).toBe(
      "Harbour Street Clinic: you're booked on Tue 1 Dec at 2:30pm. Reply C to cancel.",
    );
    expect(text(settings({ replyPhone: "+441234567890" }))).toBe(
      "Harbour Street Clinic: you're booked on Tue 1 Dec at 2:30pm. To change it, call +441234567890.",
    );
    expect(text(settings({ twoWaySms: true, replyPhone: "+441234567890" }), "email")).toContain("call +441234567890");
    expect(text(settings())).toBe("Harbour Street Clinic: you're booked on Tue 1 Dec at 2:30pm.");
    // Summer time: 1 July 09:00Z is 10am in London.
    const july = renderMessage("reminder", "sms", new Date("2027-07-01T09:00:00Z"), appointment, clinic, settings());
    expect(july.body).toBe("Harbour Street Clinic: a reminder of your appointment on Thu 1 Jul at 10am.");
    const own = settings({ templates: { booked: "{patient}, {service} at {clinic} on {date}, {time}." } });
    expect(text(own)).toBe(`${appointment.patientName}, Consultation at Harbour Street Clinic on Tue 1 Dec, 2:30pm.`);
  });

  it("names the service and the practitioner where the clinic has named staff", async () => {
    const { appointment, db } = await bookedWorld();
    const clinic = db.fullClinic(CLINIC);
    if (clinic === undefined) throw new Error("no clinic");
    const staffed = {
      ...clinic,
      staff: {
        ...clinic.staff,
        practitioners: [
          {
            id: appointment.practitionerId,
            orgId: CLINIC,
            name: "Dr Patel",
            active: true,
            calendarId: null,
            openingHours: null,
          },
        ],
        services: [
          {
            id: appointment.serviceId,
            orgId: CLINIC,
            name: "check-up",
            synonyms: [],
            durationMinutes: 30,
            bufferBeforeMinutes: 0,
            bufferAfterMinutes: null,
            minNoticeMinutes: null,
            practitionerIds: [appointment.practitionerId],
            active: true,
          },
        ],
      },
    };
    const at = new Date("2026-12-01T14:30:00Z");
    const twoWay = settings({ twoWaySms: true, sender: "+447700900000" });
    expect(renderMessage("booked", "sms", at, appointment, staffed, twoWay).body).toBe(
      "Harbour Street Clinic: you're booked for a check-up with Dr Patel on Tue 1 Dec at 2:30pm. Reply C to cancel.",
    );
    expect(renderMessage("cancelled", "sms", at, appointment, staffed, twoWay).body).toBe(
      "Harbour Street Clinic: your appointment for a check-up with Dr Patel on Tue 1 Dec at 2:30pm is cancelled.",
    );
    const own = settings({ templates: { reminder: "{practitioner} expects you for your {service} at {time}." } });
    expect(renderMessage("reminder", "sms", at, appointment, staffed, own).body).toBe(
      "Dr Patel expects you for your check-up at 2:30pm.",
    );
  });
});

describe("notification settings are validated on save", () => {
  it.each([
    [{ templates: { booked: "{clinic} on {whenn}" } }, "templates.booked"],
    [{ templates: { reminder: "   " } }, "templates.reminder"],
    [{ templates: { cancelled: "{clinic} {" } }, "templates.cancelled"],
    [{ reminderLeadMinutes: -1 }, "reminderLeadMinutes"],
    [{ reminderLeadMinutes: 99_999 }, "reminderLeadMinutes"],
    [{ sender: "Harbour Street Clinic" }, "sender"],
    [{ sender: "HARBOURST", twoWaySms: true }, "twoWaySms"],
    [{ replyPhone: "01234 567890" }, "replyPhone"],
  ] as const)("%j is refused on %s", async (change, field) => {
    const { settings: store } = notificationWorld();
    const saved = await saveNotificationSettings(store, settings(change as Partial<NotificationSettings>));
    expect(saved._unsafeUnwrapErr()).toMatchObject({ code: "INVALID_INPUT", field });
  });

  it("a valid one is saved as given", () => {
    const ok = settings({ sender: "HARBOURST", templates: { booked: "{clinic}: {when}" }, reminderLeadMinutes: 90 });
    expect(validateNotificationSettings(ok)._unsafeUnwrap()).toEqual(ok);
  });
});

describe("sendNotification", () => {
  it("drops, with the reason, what must not go: channel off, no address, opted out, too late", async () => {
    const { pass, settings: store, clock, sms, email } = await bookedWorld();
    (await store.saveSettings(settings({ email: false })))._unsafeUnwrap();
    (await store.setOptOut(null, patient.phone, true))._unsafeUnwrap();
    const outcomes = await pass();
    expect(outcomes.map((o) => o.reason).sort()).toEqual(["CHANNEL_OFF", "OPTED_OUT"]);
    expect([sms.sent, email.sent]).toEqual([[], []]);
    (await store.saveSettings(settings()))._unsafeUnwrap();
    (await store.setOptOut(null, patient.phone, false))._unsafeUnwrap();
    clock.set("2027-01-12T09:00:00Z"); // the visit starts: its reminder can no longer go
    expect((await pass()).map((o) => o.reason)).toEqual(["TOO_LATE", "TOO_LATE"]);
  });

  it("a reminder whose visit was cancelled is not sent; a job whose send may have landed is looked up, never resent", async () => {
    const { pass, sms, store, appointment, clock, outbox } = await bookedWorld();
    sms.fault = () => "LANDED_THEN_FAILED";
    expect((await pass()).map((o) => o.outcome).sort()).toEqual(["dropped", "retried"]);
    sms.fault = () => null;
    clock.advance(10_000);
    expect((await pass()).map((o) => o.outcome)).toEqual(["reconciled"]);
    expect(sms.sent).toHaveLength(1);
    sms.lookupFault = () => "UNAVAILABLE";
    (await store.cancel(CLINIC, appointment.id))._unsafeUnwrap();
    const [job] = (await outbox.claim(10, 60))._unsafeUnwrap();
    if (job === undefined) throw new Error("expected the cancellation");
    expect(job.kind).toBe("cancelled");
    expect((await outbox.pendingFor(CLINIC, appointment.id))._unsafeUnwrap().map((j) => j.kind)).toEqual([
      "cancelled",
      "cancelled",
    ]);
  });

  it("a lookup that cannot answer releases the job: no send while it may have landed", async () => {
    const { pass, sms, clock } = await bookedWorld();
    sms.fault = () => "MAY_HAVE_LANDED";
    await pass();
    sms.fault = () => null;
    sms.lookupFault = () => "UNAVAILABLE";
    clock.advance(10_000);
    expect((await pass()).map((o) => o.reason)).toEqual(["LOOKUP_UNAVAILABLE"]);
    expect(sms.sent).toHaveLength(1);
  });

  it("21610 from the provider opts the number out and drops the job", async () => {
    const { pass, sms, db } = await bookedWorld();
    sms.fault = () => "OPTED_OUT";
    expect((await pass()).map((o) => o.reason).sort()).toEqual(["NO_RECIPIENT", "OPTED_OUT"]);
    expect(db.notifications().optOuts.has(`${CLINIC} ${patient.phone}`)).toBe(true);
  });
});

describe("patients' replies", () => {
  it("STOP to the default number opts out the clinics without a sender; START opts back in; other text changes nothing", async () => {
    const { settings: store, db } = notificationWorld();
    const reply = { from: patient.phone, to: "+447700900000", intent: "opt-out" as const };
    expect((await recordPatientReply(store, reply, "+447700900000"))._unsafeUnwrap()).toBe(1);
    expect(db.notifications().optOuts.size).toBe(1);
    expect((await recordPatientReply(store, { ...reply, to: "+447700900999" }, "+447700900000"))._unsafeUnwrap()).toBe(
      0,
    );
    expect((await recordPatientReply(store, { ...reply, intent: "other" }, "+447700900000"))._unsafeUnwrap()).toBe(0);
    expect((await recordPatientReply(store, { ...reply, intent: "opt-in" }, "+447700900000"))._unsafeUnwrap()).toBe(1);
    expect(db.notifications().optOuts.size).toBe(0);
    expect(sendNotification).toBeTypeOf("function");
  });
});
