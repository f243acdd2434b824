/**
 * @module use-cases/notification-settings
 * The clinic's notification settings as an operator changes them (validated on save: templates'
 * placeholders, sender, lead time), and patients' replies: STOP / UNSUBSCRIBE opt the number out
 * of the clinic's SMS, START opts it back in. The reply is matched to the clinics sending from the
 * number it was sent to; a reply to the service's default number reaches the clinics using it.
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { InvalidInput, StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import { type NotificationSettings, validateNotificationSettings } from "../notifications/notification-settings.ts";
import type { NotificationSettingsStore } from "../ports/notification-settings.port.ts";

export function saveNotificationSettings(
  store: NotificationSettingsStore,
  settings: NotificationSettings,
): ResultAsync<NotificationSettings, InvalidInput | UnknownOrg | StoreUnavailable> {
  const valid = validateNotificationSettings(settings);
  if (valid.isErr()) return errAsync(valid.error);
  return store.saveSettings(valid.value);
}

/** What a patient's reply asks for ("C": cancel the next appointment, where two-way SMS is on). */
export type ReplyIntent = "opt-out" | "opt-in" | "cancel" | "other";

export interface PatientReply {
  /** The patient's number. */
  readonly from: string;
  /** The number (or sender) the reply was sent to. */
  readonly to: string;
  readonly intent: ReplyIntent;
}

/**
 * Applies a reply: how many clinics' opt-outs changed. `defaultSender` is the service's own
 * from-number (`null` with a messaging service): a reply to it reaches clinics without a sender.
 */
export function recordPatientReply(
  store: NotificationSettingsStore,
  reply: PatientReply,
  defaultSender: string | null,
): ResultAsync<number, StoreUnavailable> {
  if (reply.intent !== "opt-out" && reply.intent !== "opt-in") return okAsync(0);
  const optedOut = reply.intent === "opt-out";
  return store.setOptOut(reply.to, reply.from, optedOut).andThen((own) => {
    const toDefault = defaultSender === null || defaultSender === reply.to;
    return own > 0 || !toDefault ? okAsync(own) : store.setOptOut(null, reply.from, optedOut);
  });
}
