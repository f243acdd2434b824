/**
 * @module notifications/notification
 * What we tell the patient: a message of one kind (a confirmation of a change, or a reminder)
 * over one channel, for one version of one appointment. Its message key names exactly that, so
 * the same change never makes two messages on a channel, whoever retries.
 */
import type { OrgId } from "../values/org-id.ts";

export const CHANNELS = ["sms", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

/** The confirmation of a change (`booked`, `rescheduled`, `cancelled`) or the `reminder` before the visit. */
export const MESSAGE_KINDS = ["booked", "rescheduled", "cancelled", "reminder"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** A queued message, as the outbox holds it (`notification_jobs`). */
export interface NotificationJob {
  readonly id: number;
  readonly orgId: OrgId;
  readonly appointmentId: string;
  readonly channel: Channel;
  readonly kind: MessageKind;
  /** The appointment version the message is about. */
  readonly version: number;
  /** The visit's start as that version had it: what the message says, whatever came later. */
  readonly startsAt: Date;
  /** `{appointmentId}:{kind}:{version}:{channel}`: stored with the job before any send. */
  readonly messageKey: string;
  /** When it should go (now for a confirmation; the reminder instant for a reminder). */
  readonly dueAt: Date;
  /** Failed attempts so far. */
  readonly attempts: number;
  readonly lastError: string | null;
  /** What was handed to the notifier the first time (recipient and text); `null` before any send. */
  readonly prepared: PreparedMessage | null;
}

/** The text and recipient fixed before the first send, so a resend or a lookup uses the same. */
export interface PreparedMessage {
  readonly to: string;
  readonly body: string;
  /** When the first send started: a lookup searches from there. */
  readonly at: Date;
}

export const messageKey = (appointmentId: string, kind: MessageKind, version: number, channel: Channel): string =>
  `${appointmentId}:${kind}:${version}:${channel}`;

/** Why a job was dropped without a message: counted, never retried. */
export const DROP_REASONS = [
  "APPOINTMENT_GONE",
  "SUPERSEDED",
  "CHANNEL_OFF",
  "NO_RECIPIENT",
  "OPTED_OUT",
  "TOO_LATE",
  "REJECTED",
] as const;
export type DropReason = (typeof DROP_REASONS)[number];
