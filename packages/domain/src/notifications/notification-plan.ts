/**
 * @module notifications/notification-plan
 * Which messages a change to an appointment queues, decided in the change's own transaction
 * (the in-memory twin calls this; `schemas/65_notifications.sql`'s trigger does the same in SQL,
 * and the NotificationOutbox contract holds both to it): a booking queues a `booked` confirmation
 * and a reminder; a move queues a `rescheduled` confirmation and replaces the pending reminder; a
 * cancel queues a `cancelled` confirmation and withdraws the reminder. Each on every channel: the
 * sender decides per channel whether it goes. A reminder is due `reminderLeadMinutes` before the
 * start: whole days on the clinic's calendar (the same wall-clock time, across DST), otherwise
 * exact minutes; none when that instant is not after now (booked inside the window) or the lead is 0.
 */
import type { Appointment } from "../appointments/appointment.ts";
import { inZone } from "../values/clinic-time.ts";
import type { MessageKind } from "./notification.ts";

export interface NotificationPlan {
  /** The confirmation to queue, due now; `null`: the write changed nothing a patient needs to hear. */
  readonly confirm: Exclude<MessageKind, "reminder"> | null;
  /** Drop the appointment's pending (unsent) reminders. */
  readonly withdrawReminder: boolean;
  /** Queue a reminder due then. */
  readonly remindAt: Date | null;
}

const NOTHING: NotificationPlan = { confirm: null, withdrawReminder: false, remindAt: null };
const DAY_MINUTES = 24 * 60;

/** When the reminder for a visit at `startsAt` is due. */
export function reminderInstant(startsAt: Date, leadMinutes: number, zone: string): Date {
  if (leadMinutes % DAY_MINUTES === 0) {
    return inZone(startsAt, zone)
      .minus({ days: leadMinutes / DAY_MINUTES })
      .toJSDate();
  }
  return new Date(startsAt.getTime() - leadMinutes * 60_000);
}

function reminderFor(after: Appointment, leadMinutes: number, zone: string, now: Date): Date | null {
  if (leadMinutes <= 0) return null;
  const at = reminderInstant(after.startsAt, leadMinutes, zone);
  return at.getTime() > now.getTime() ? at : null;
}

export function planNotifications(
  before: Appointment | undefined,
  after: Appointment,
  leadMinutes: number,
  zone: string,
  now: Date,
): NotificationPlan {
  if (before === undefined) {
    if (after.status !== "booked") return NOTHING;
    return { confirm: "booked", withdrawReminder: false, remindAt: reminderFor(after, leadMinutes, zone, now) };
  }
  if (before.status === "booked" && after.status === "cancelled") {
    return { confirm: "cancelled", withdrawReminder: true, remindAt: null };
  }
  if (
    before.status === "booked" &&
    after.status === "booked" &&
    before.startsAt.getTime() !== after.startsAt.getTime()
  ) {
    return { confirm: "rescheduled", withdrawReminder: true, remindAt: reminderFor(after, leadMinutes, zone, now) };
  }
  return NOTHING;
}
