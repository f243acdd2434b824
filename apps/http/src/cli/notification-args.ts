/**
 * @module cli/notification-args
 * The flags of `pnpm notifications:set`, read into the admin API's change (only the flags given
 * change; `auto` puts a channel back to "on whenever its provider is configured", `none` clears
 * a sender or reply phone).
 */
import { parseArgs } from "node:util";
import { MESSAGE_KINDS, type MessageKind } from "@voxanne/domain";
import type { NotificationSettingsChange } from "../admin/notification-settings-input.ts";

export const USAGE = `pnpm notifications:set --org <clinic id> [flags]   (no flags: print the settings)
  --sms on|off|auto            SMS confirmations and reminders (auto: on whenever Twilio is configured)
  --email on|off|auto          emails (auto: on whenever SMTP is configured)
  --lead-minutes N             reminder lead time (1440 = the day before; 0 = no reminders)
  --sender +447700900123|NAME|none   the clinic's SMS sender (number or alphanumeric ID)
  --two-way on|off             replies are read: messages offer "Reply C to cancel."
  --reply-phone +44…|none      the number messages offer when replies are not read
  --ics on|off                 attach the appointment to emails as an ICS file
  --template kind=text         booked | rescheduled | cancelled | reminder, e.g. "booked={clinic}: see you {when}."`;

export type NotificationArgs =
  | { readonly kind: "help" }
  | { readonly kind: "invalid"; readonly message: string }
  | { readonly kind: "set"; readonly orgId: string; readonly change: NotificationSettingsChange };

const tristate = (v: string): boolean | null | undefined => ({ on: true, off: false, auto: null })[v];
const onOff = (v: string): boolean | undefined => ({ on: true, off: false })[v];
const orNone = (v: string): string | null => (v === "none" ? null : v);

type Values = Record<string, string | string[] | boolean | undefined>;

function templates(list: readonly string[]): Partial<Record<MessageKind, string>> | string {
  const out: Partial<Record<MessageKind, string>> = {};
  for (const item of list) {
    const at = item.indexOf("=");
    const kind = MESSAGE_KINDS.find((k) => k === item.slice(0, at));
    if (at < 0 || kind === undefined) return `--template ${item}: expected ${MESSAGE_KINDS.join("|")}=text`;
    out[kind] = item.slice(at + 1);
  }
  return out;
}

function changeOf(v: Values): NotificationSettingsChange | string {
  const text = (k: string) => (typeof v[k] === "string" ? (v[k] as string) : undefined);
  const change: Record<string, unknown> = {};
  for (const [flag, field, read] of [
    ["sms", "sms", tristate],
    ["email", "email", tristate],
    ["two-way", "twoWaySms", onOff],
    ["ics", "icsAttachment", onOff],
  ] as const) {
    const raw = text(flag);
    if (raw === undefined) continue;
    const value = read(raw);
    if (value === undefined) return `--${flag} ${raw}: expected ${read === tristate ? "on|off|auto" : "on|off"}`;
    change[field] = value;
  }
  const lead = text("lead-minutes");
  if (lead !== undefined) {
    if (!/^\d+$/.test(lead)) return `--lead-minutes ${lead}: expected a whole number of minutes`;
    change.reminderLeadMinutes = Number(lead);
  }
  if (text("sender") !== undefined) change.sender = orNone(text("sender") ?? "");
  if (text("reply-phone") !== undefined) change.replyPhone = orNone(text("reply-phone") ?? "");
  const list = v.template;
  if (Array.isArray(list) && list.length > 0) {
    const t = templates(list);
    if (typeof t === "string") return t;
    change.templates = t;
  }
  return change;
}

export function parseNotificationArgs(argv: readonly string[]): NotificationArgs {
  let values: Values;
  try {
    const text = { type: "string" } as const;
    values = parseArgs({
      args: [...argv],
      options: {
        help: { type: "boolean" },
        org: text,
        sms: text,
        email: text,
        "lead-minutes": text,
        sender: text,
        "two-way": text,
        "reply-phone": text,
        ics: text,
        template: { type: "string", multiple: true },
      },
    }).values;
  } catch (e) {
    return { kind: "invalid", message: `${e instanceof Error ? e.message : String(e)}\n${USAGE}` };
  }
  if (values.help === true) return { kind: "help" };
  if (typeof values.org !== "string") return { kind: "invalid", message: `--org is required\n${USAGE}` };
  const change = changeOf(values);
  return typeof change === "string" ? { kind: "invalid", message: change } : { kind: "set", orgId: values.org, change };
}
