/**
 * @module composition/notifications
 * Patient notifications, as configured: SMS through Twilio (`TWILIO_*`: the notifier on the
 * official client, and the reader of Twilio's signed webhooks) and email over SMTP (`SMTP_URL`,
 * `EMAIL_FROM`), each only when configured; the outbox and settings stores always (jobs for a
 * channel without a provider are dropped as `CHANNEL_OFF`). Each provider's adapter (the Twilio
 * client, nodemailer) is loaded only when its channel is configured.
 */

import type { SqlStores } from "@voxanne/adapter-supabase";
import { CHANNELS, type Channel, type Notifier } from "@voxanne/domain";
import type { Config, SmsConfig } from "../config.ts";
import type { NotificationServices, SmsWebhooks } from "../notifications/notification-services.ts";

export interface NotificationWiring {
  readonly services: NotificationServices;
  readonly notifiers: Partial<Record<Channel, Notifier>>;
  close(): void;
}

/** SMS through Twilio: the notifier and the webhooks' reader, with the adapter loaded now. */
async function connectSms(sms: SmsConfig): Promise<{ notifier: Notifier; webhooks: SmsWebhooks }> {
  const { isSignedByTwilio, parseInbound, parseStatusReport, TwilioNotifier } = await import("@voxanne/adapter-twilio");
  const notifier = new TwilioNotifier({
    accountSid: sms.accountSid,
    authToken: sms.authToken,
    fromNumber: sms.fromNumber,
    messagingServiceSid: sms.messagingServiceSid,
    apiBaseUrl: sms.apiBaseUrl,
    statusCallbackUrl: sms.statusCallbackUrl,
  });
  const webhooks: SmsWebhooks = {
    verify: (signature, url, fields) => isSignedByTwilio(sms.authToken, signature, url, fields),
    statusReport: (fields) => parseStatusReport(fields),
    reply: (fields) => parseInbound(fields),
    defaultSender: sms.messagingServiceSid === null ? sms.fromNumber : null,
  };
  return { notifier, webhooks };
}

export async function connectNotifications(config: Config, stores: SqlStores): Promise<NotificationWiring> {
  const { sms, email } = config;
  const twilio = sms === null ? null : await connectSms(sms);
  const smtp =
    email === null
      ? null
      : new (await import("@voxanne/adapter-smtp")).SmtpNotifier({ url: email.url, from: email.from });
  const notifiers: Partial<Record<Channel, Notifier>> = {
    ...(twilio === null ? {} : { sms: twilio.notifier }),
    ...(smtp === null ? {} : { email: smtp }),
  };
  return {
    services: {
      outbox: stores.notifications,
      settings: stores.notificationSettings,
      channels: CHANNELS.filter((c) => notifiers[c] !== undefined),
      smsWebhooks: twilio?.webhooks ?? null,
    },
    notifiers,
    close: () => smtp?.close(),
  };
}
