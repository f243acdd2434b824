/**
 * @module notifications/notification-text
 * What a message says, in the clinic's words and zone: "Harbour Street Clinic: you're booked on
 * Tue 1 Dec at 2:30pm. Reply C to cancel." The reply line offers "Reply C to cancel." only where
 * two-way SMS is on, the clinic's number otherwise (and nothing when it has none).
 */
import type { Appointment } from "../appointments/appointment.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { inZone } from "../values/clinic-time.ts";
import type { Channel, MessageKind } from "./notification.ts";
import type { NotificationSettings, TemplatePlaceholder } from "./notification-settings.ts";

export const DEFAULT_TEMPLATES: Readonly<Record<MessageKind, string>> = {
  booked: "{clinic}: you're booked on {when}. {reply}",
  rescheduled: "{clinic}: your appointment has moved to {when}. {reply}",
  cancelled: "{clinic}: your appointment on {when} is cancelled.",
  reminder: "{clinic}: a reminder of your appointment on {when}. {reply}",
};

const SUBJECTS: Readonly<Record<MessageKind, string>> = {
  booked: "Your appointment",
  rescheduled: "Your appointment has moved",
  cancelled: "Your appointment is cancelled",
  reminder: "Reminder: your appointment",
};

export interface RenderedMessage {
  readonly subject: string;
  readonly body: string;
}

/** "Tue 1 Dec at 2:30pm" in the zone. */
export function shortWhen(instant: Date, zone: string): { when: string; date: string; time: string } {
  const at = inZone(instant, zone).setLocale("en-GB");
  const clock = at.minute === 0 ? at.toFormat("h") : at.toFormat("h:mm");
  const time = `${clock}${at.hour < 12 ? "am" : "pm"}`;
  const date = at.toFormat("ccc d LLL");
  return { when: `${date} at ${time}`, date, time };
}

function replyLine(settings: NotificationSettings, channel: Channel): string {
  if (channel === "sms" && settings.twoWaySms) return "Reply C to cancel.";
  return settings.replyPhone === null ? "" : `To change it, call ${settings.replyPhone}.`;
}

export function fillTemplate(template: string, values: Readonly<Record<TemplatePlaceholder, string>>): string {
  const filled = template.replace(/\{([a-z]+)\}/g, (whole, name: string) =>
    name in values ? (values[name as TemplatePlaceholder] ?? "") : whole,
  );
  return filled.replace(/\s+/g, " ").trim();
}

export function renderMessage(
  kind: MessageKind,
  channel: Channel,
  startsAt: Date,
  appointment: Appointment,
  clinic: ClinicSettings,
  settings: NotificationSettings,
): RenderedMessage {
  const { when, date, time } = shortWhen(startsAt, clinic.zone);
  const template = settings.templates[kind] ?? DEFAULT_TEMPLATES[kind];
  const body = fillTemplate(template, {
    clinic: clinic.name,
    when,
    date,
    time,
    service: appointment.serviceType ?? "appointment",
    patient: appointment.patientName ?? "",
    reply: kind === "cancelled" && template === DEFAULT_TEMPLATES.cancelled ? "" : replyLine(settings, channel),
  });
  return { subject: `${clinic.name}: ${SUBJECTS[kind]}`, body };
}
