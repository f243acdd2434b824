/**
 * @module notifications/notification-settings
 * What a clinic decides about messages to its patients: which channels are on, how long before
 * the visit the reminder goes, who the SMS is from (a number, or a UK alphanumeric sender ID,
 * which recipients cannot reply to), whether replies are read (two-way SMS: "Reply C to cancel"),
 * the number to call otherwise, the ICS attachment on email, and its own templates. Templates use
 * named placeholders (`{clinic}`, `{when}`, …) checked on save, never at send time.
 */
import { err, ok, type Result } from "neverthrow";
import { DomainErrors, type InvalidInput } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";
import { MESSAGE_KINDS, type MessageKind } from "./notification.ts";

export interface NotificationSettings {
  readonly orgId: OrgId;
  /** SMS on / off; `null`: on whenever the service has an SMS provider configured. */
  readonly sms: boolean | null;
  /** Email on / off; `null`: on whenever the service has SMTP configured. */
  readonly email: boolean | null;
  /** Minutes before the visit; whole days are counted on the clinic's calendar. 0: no reminders. */
  readonly reminderLeadMinutes: number;
  /** The SMS sender: an E.164 number or an alphanumeric ID; `null`: the service's default. */
  readonly sender: string | null;
  /** Replies to our SMS reach us: messages offer "Reply C to cancel". */
  readonly twoWaySms: boolean;
  /** The clinic's phone number, offered when replies are not read. */
  readonly replyPhone: string | null;
  /** Attach the appointment as an ICS file to emails. */
  readonly icsAttachment: boolean;
  /** The clinic's own wording per message kind; a missing one uses ours. */
  readonly templates: Readonly<Partial<Record<MessageKind, string>>>;
}

export const DEFAULT_REMINDER_LEAD_MINUTES = 24 * 60;
const MAX_LEAD_MINUTES = 14 * 24 * 60;
const MAX_TEMPLATE_LENGTH = 480;

export const TEMPLATE_PLACEHOLDERS = [
  "clinic",
  "when",
  "date",
  "time",
  "service",
  "practitioner",
  "for",
  "patient",
  "reply",
] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

export function defaultNotificationSettings(orgId: OrgId): NotificationSettings {
  return {
    orgId,
    sms: null,
    email: null,
    reminderLeadMinutes: DEFAULT_REMINDER_LEAD_MINUTES,
    sender: null,
    twoWaySms: false,
    replyPhone: null,
    icsAttachment: true,
    templates: {},
  };
}

const E164 = /^\+[1-9]\d{6,14}$/;
/** Up to 11 letters, digits and spaces, at least one letter (UK alphanumeric sender ID). */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const PLACEHOLDER = /\{([^{}]*)\}/g;

export const isPhoneSender = (sender: string): boolean => E164.test(sender);

/** The placeholders a template names that we do not know, in order. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(TEMPLATE_PLACEHOLDERS);
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "").filter((name) => !known.has(name));
}

function checkTemplate(kind: MessageKind, template: string): InvalidInput | null {
  const field = `templates.${kind}`;
  if (template.trim() === "") return DomainErrors.invalidInput(field, "A template cannot be empty.");
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return DomainErrors.invalidInput(field, `A template is at most ${MAX_TEMPLATE_LENGTH} characters.`);
  }
  const unknown = unknownPlaceholders(template);
  if (unknown.length > 0) {
    const names = TEMPLATE_PLACEHOLDERS.map((p) => `{${p}}`).join(", ");
    return DomainErrors.invalidInput(field, `Unknown placeholder {${unknown[0]}}; use ${names}.`);
  }
  if (/[{}]/.test(template.replace(PLACEHOLDER, ""))) {
    return DomainErrors.invalidInput(field, "A brace must open and close a placeholder.");
  }
  return null;
}

function checkSender(s: NotificationSettings): InvalidInput | null {
  if (s.sender === null) return null;
  if (!E164.test(s.sender) && !ALPHANUMERIC_SENDER.test(s.sender)) {
    return DomainErrors.invalidInput("sender", "The sender is a number like +447700900123 or up to 11 letters.");
  }
  if (s.twoWaySms && !E164.test(s.sender)) {
    return DomainErrors.invalidInput("twoWaySms", "Patients cannot reply to an alphanumeric sender ID.");
  }
  return null;
}

/** The settings as given, or the first thing wrong with them. */
export function validateNotificationSettings(s: NotificationSettings): Result<NotificationSettings, InvalidInput> {
  const lead = s.reminderLeadMinutes;
  if (!Number.isInteger(lead) || lead < 0 || lead > MAX_LEAD_MINUTES) {
    return err(DomainErrors.invalidInput("reminderLeadMinutes", `Between 0 and ${MAX_LEAD_MINUTES} minutes.`));
  }
  if (s.replyPhone !== null && !E164.test(s.replyPhone)) {
    return err(DomainErrors.invalidInput("replyPhone", "A number like +441234567890."));
  }
  const problem =
    checkSender(s) ??
    MESSAGE_KINDS.map((k) => {
      const t = s.templates[k];
      return t === undefined ? null : checkTemplate(k, t);
    }).find((p) => p !== null) ??
    null;
  return problem === null ? ok(s) : err(problem);
}
