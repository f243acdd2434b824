/**
 * @module admin/notification-settings-input
 * The clinic's notification settings as the admin API reads and writes them (strict: an unknown
 * field is refused). A change names only what it changes; the rest keeps its value. Templates,
 * sender and lead time are then validated by the domain (`saveNotificationSettings`).
 */
import { z } from "@hono/zod-openapi";
import type { NotificationSettings } from "@voxanne/domain";

const Templates = z
  .object({
    booked: z.string().optional(),
    rescheduled: z.string().optional(),
    cancelled: z.string().optional(),
    reminder: z.string().optional(),
  })
  .strict()
  .openapi({
    description:
      "Per message kind; placeholders {clinic}, {when}, {date}, {time}, {service}, {patient}, {reply}. A kind left out uses ours.",
  });

export const NotificationSettingsOut = z
  .object({
    orgId: z.string(),
    sms: z.boolean().nullable(),
    email: z.boolean().nullable(),
    reminderLeadMinutes: z.int(),
    sender: z.string().nullable(),
    twoWaySms: z.boolean(),
    replyPhone: z.string().nullable(),
    icsAttachment: z.boolean(),
    templates: Templates,
  })
  .openapi("NotificationSettings");

export const NotificationSettingsChange = z
  .object({
    sms: z.boolean().nullable().optional().openapi({ description: "null: on whenever Twilio is configured" }),
    email: z.boolean().nullable().optional().openapi({ description: "null: on whenever SMTP is configured" }),
    reminderLeadMinutes: z
      .int()
      .optional()
      .openapi({ description: "0 turns reminders off; whole days follow the clinic's calendar" }),
    sender: z
      .string()
      .nullable()
      .optional()
      .openapi({ description: "E.164 number or alphanumeric sender ID (max 11)" }),
    twoWaySms: z.boolean().optional(),
    replyPhone: z.string().nullable().optional(),
    icsAttachment: z.boolean().optional(),
    templates: Templates.optional(),
  })
  .strict()
  .openapi("NotificationSettingsChange");

export type NotificationSettingsChange = z.infer<typeof NotificationSettingsChange>;

/** The stored settings with the change applied (absent fields keep their value). */
export function applyChange(current: NotificationSettings, change: NotificationSettingsChange): NotificationSettings {
  const pick = <K extends keyof NotificationSettingsChange & keyof NotificationSettings>(k: K) =>
    change[k] === undefined ? current[k] : change[k];
  const templates = Object.fromEntries(
    Object.entries(change.templates ?? current.templates).filter(([, v]) => v !== undefined),
  );
  return {
    orgId: current.orgId,
    sms: pick("sms") ?? null,
    email: pick("email") ?? null,
    reminderLeadMinutes: change.reminderLeadMinutes ?? current.reminderLeadMinutes,
    sender: pick("sender") ?? null,
    twoWaySms: change.twoWaySms ?? current.twoWaySms,
    replyPhone: pick("replyPhone") ?? null,
    icsAttachment: change.icsAttachment ?? current.icsAttachment,
    templates,
  };
}
