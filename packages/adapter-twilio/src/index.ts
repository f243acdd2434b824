/**
 * @module @voxanne/adapter-twilio
 * SMS for the booking core on the official `twilio` client: the domain's `Notifier`, and the
 * reading of what Twilio posts back (signed status callbacks and inbound replies).
 */
export { classifyTwilioError, TWILIO_OPTED_OUT } from "./twilio-failure.ts";
export { rebase, twilioHttpClient } from "./twilio-http.ts";
export { TwilioNotifier, type TwilioNotifierOptions, type TwilioRetryTuning } from "./twilio-notifier.ts";
export {
  type FormFields,
  type InboundMessage,
  isSignedByTwilio,
  parseInbound,
  parseStatusReport,
  replyIntent,
  type StatusReport,
} from "./twilio-webhooks.ts";
