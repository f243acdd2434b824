/**
 * @module notification-shapes
 * How the notification functions' answers are read (supabase/schemas: notifications): jobs as
 * queued, claimed jobs with their context, settings, the backlog.
 */
import { CHANNELS, MESSAGE_KINDS, type NotificationSettings } from "@voxanne/domain";
import { z } from "zod";
import { appointment, clinicWithStaff, email, instant, orgId, phone } from "./answer-shapes.ts";

const count = z.int().nonnegative();

const templates = z.partialRecord(z.enum(MESSAGE_KINDS), z.string());

export const notificationSettings = z.object({
  orgId,
  sms: z.boolean().nullable(),
  email: z.boolean().nullable(),
  reminderLeadMinutes: count,
  sender: z.string().nullable(),
  twoWaySms: z.boolean(),
  replyPhone: z.string().nullable(),
  icsAttachment: z.boolean(),
  templates,
}) satisfies z.ZodType<NotificationSettings>;

export const notificationJob = z.object({
  id: z.int(),
  orgId,
  appointmentId: z.string(),
  channel: z.enum(CHANNELS),
  kind: z.enum(MESSAGE_KINDS),
  version: z.int(),
  startsAt: instant,
  messageKey: z.string(),
  dueAt: instant,
  attempts: count,
  lastError: z.string().nullable(),
  prepared: z.object({ to: z.string(), body: z.string(), at: instant }).nullable(),
});

export const claimedNotification = notificationJob.extend({
  appointment: appointment.nullable(),
  contact: z.object({ phone: phone.nullable(), email: email.nullable() }).nullable(),
  clinic: clinicWithStaff.nullable(),
  settings: notificationSettings,
  optedOut: z.boolean(),
});

export const notificationSummary = z.object({ due: count, scheduled: count, oldestDueAt: instant.nullable() });
