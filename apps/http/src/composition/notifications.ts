/**
 * @module composition/notifications
 * Patient notifications, as configured: SMS through Twilio (`TWILIO_*`: the notifier on the
 * official client, and the reader of Twilio's signed webhooks) and email over SMTP (`SMTP_URL`,
 * `EMAIL_FROM`), each only when configured; the outbox and settings stores always (jobs for a
 * channel without a provider are dropped as `CHANNEL_OFF`).
 */

import { SmtpNotifier } from "@voxanne/adapter-smtp";
import type { SqlStores } from "@voxanne/adapter-supabase";
import { isSignedByTwilio, parseInbound, parseStatusReport, TwilioNotifier } from "@voxanne/adapter-twilio";
import { CHANNELS, type Channel, type Notifier } from "@voxanne/domain";
import type { Config, SmsConfig } from "../config.ts";
import type { NotificationServices, SmsWebhooks } from "../notifications/notification-services.ts";

export interface NotificationWiring {
  readonly services: NotificationServices;
  readonly notifiers: Partial<Record<Channel, Notifier>>;
  close(): void;
}

function smsWebhooks(sms: SmsConfig): SmsWebhooks {
  return {
    verify: (signature, url, fields) => isSignedByTwilio(sms.authToken, signature, url, fields),
    statusReport: (fields) => parseStatusReport(fields),
    reply: (fields) => parseInbound(fields),
    defaultSender: sms.messagingServiceSid === null ? sms.fromNumber : null,
  };
}

export function connectNotifications(config: Config, stores: SqlStores): NotificationWiring {
  const { sms, email } = config;
  const twilio =
    sms === null
      ? null
      : new TwilioNotifier({
          accountSid: sms.accountSid,
          authToken: sms.authToken,
          fromNumber: sms.fromNumber,
          messagingServiceSid: sms.messagingServiceSid,
          apiBaseUrl: sms.apiBaseUrl,
          statusCallbackUrl: sms.statusCallbackUrl,
        });
  const smtp = email === null ? null : new SmtpNotifier({ url: email.url, from: email.from });
  const notifiers: Partial<Record<Channel, Notifier>> = {
    ...(twilio === null ? {} : { sms: twilio }),
    ...(smtp === null ? {} : { email: smtp }),
  };
  return {
    services: {
      outbox: stores.notifications,
      settings: stores.notificationSettings,
      channels: CHANNELS.filter((c) => notifiers[c] !== undefined),
      smsWebhooks: sms === null ? null : smsWebhooks(sms),
    },
    notifiers,
    close: () => smtp?.close(),
  };
}
