/**
 * @module notifications/notification-text
 * What a message says, in the clinic's words and zone: "Harbour Street Clinic: you're booked for a
 * consultation with Dr Patel on Tue 1 Dec at 2:30pm. Reply C to cancel." (for and with whom only
 * where the clinic has named services or practitioners). The reply line offers "Reply C to
 * cancel." only where two-way SMS is on, the clinic's number otherwise (nothing when it has none).
 */
import type { Appointment } from "../appointments/appointment.ts";
import { describeBooking } from "../appointments/booking-words.ts";
import type { Clinic } from "../clinic/clinic.ts";
import { inZone } from "../values/clinic-time.ts";
import type { Channel, MessageKind } from "./notification.ts";
import type { NotificationSettings, TemplatePlaceholder } from "./notification-settings.ts";

export const DEFAULT_TEMPLATES: Readonly<Record<MessageKind, string>> = {
  booked: "{clinic}: you're booked {for} on {when}. {reply}",
  rescheduled: "{clinic}: your appointment {for} has moved to {when}. {reply}",
  cancelled: "{clinic}: your appointment {for} on {when} is cancelled.",
  reminder: "{clinic}: a reminder of your appointment {for} on {when}. {reply}",
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
  clinic: Clinic,
  settings: NotificationSettings,
): RenderedMessage {
  const { when, date, time } = shortWhen(startsAt, clinic.zone);
  const { practitioner, service, withWhom } = describeBooking(clinic, appointment);
  // "for a consultation with Dr Patel", or nothing for a clinic without named staff.
  const forWhom = withWhom === "" ? "" : `for ${withWhom.replace(/ on $/, "")}`;
  const template = settings.templates[kind] ?? DEFAULT_TEMPLATES[kind];
  const body = fillTemplate(template, {
    clinic: clinic.name,
    when,
    date,
    time,
    service: withWhom === "" ? (appointment.serviceType ?? "appointment") : service.name,
    practitioner: withWhom === "" ? "" : practitioner.name,
    for: forWhom,
    patient: appointment.patientName ?? "",
    reply: kind === "cancelled" && template === DEFAULT_TEMPLATES.cancelled ? "" : replyLine(settings, channel),
  });
  return { subject: `${clinic.name}: ${SUBJECTS[kind]}`, body };
}
