/**
 * @module notifications/notification-services
 * What the app is given for patient notifications: the outbox and settings ports, the configured
 * channels, and (with Twilio) the reading of Twilio's signed webhooks. The composition root builds
 * the webhook reader from the Twilio adapter; routes see only this shape.
 */
import type { Channel, NotificationOutbox, NotificationSettingsStore, PatientReply } from "@voxanne/domain";

export type WebhookFields = Readonly<Record<string, string>>;

export interface SmsWebhooks {
  /** Whether `X-Twilio-Signature` signs this URL and these form fields with the auth token. */
  verify(signature: string | undefined, url: string, fields: WebhookFields): boolean;
  /** A status callback's message id and state; `null` when it names none. */
  statusReport(fields: WebhookFields): { readonly providerId: string; readonly status: string } | null;
  /** A patient's reply and what it asks for; `null` when it names no numbers. */
  reply(fields: WebhookFields): (PatientReply & { readonly messageId: string }) | null;
  /** The service's own from-number (`null` with a messaging service): replies to it reach clinics without a sender. */
  readonly defaultSender: string | null;
}

export interface NotificationServices {
  readonly outbox: NotificationOutbox;
  readonly settings: NotificationSettingsStore;
  /** The channels a provider is configured for. */
  readonly channels: readonly Channel[];
  /** `null`: SMS is not configured, so Twilio's webhooks are not served. */
  readonly smsWebhooks: SmsWebhooks | null;
}
