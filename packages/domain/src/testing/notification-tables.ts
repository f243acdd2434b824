/**
 * @module testing/notification-tables
 * The notification tables of the in-memory database (`notification_jobs`,
 * `notification_settings`, `notification_opt_outs`) and the hook `MemoryDatabase.putAppointment`
 * calls on every write: the twin of the SQL trigger on `appointments`, queueing what
 * `planNotifications` says in the write's own transaction. The tables are immutable values, so
 * the database's snapshot (a rollback) covers them.
 */
import type { Appointment } from "../appointments/appointment.ts";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { CHANNELS, type MessageKind, messageKey, type NotificationJob } from "../notifications/notification.ts";
import { planNotifications } from "../notifications/notification-plan.ts";
import { DEFAULT_REMINDER_LEAD_MINUTES, type NotificationSettings } from "../notifications/notification-settings.ts";
import type { OrgId } from "../values/org-id.ts";

export type NotificationState = "pending" | "sent" | "dropped";

/** A row of `notification_jobs`. */
export interface NotificationRow extends NotificationJob {
  readonly state: NotificationState;
  readonly nextAttemptAt: Date;
  readonly lockedUntil: Date | null;
  /** The provider's id once sent; the drop reason once dropped. */
  readonly providerId: string | null;
  readonly outcome: string | null;
  readonly deliveryStatus: string | null;
}

export interface NotificationTables {
  readonly jobs: readonly NotificationRow[];
  readonly settings: ReadonlyMap<OrgId, NotificationSettings>;
  /** `${orgId} ${phone}` of every opted-out number. */
  readonly optOuts: ReadonlySet<string>;
  readonly seq: number;
}

export const emptyNotificationTables = (): NotificationTables => ({
  jobs: [],
  settings: new Map(),
  optOuts: new Set(),
  seq: 0,
});

export const optOutKey = (orgId: OrgId, phone: string): string => `${orgId} ${phone}`;

function queued(t: NotificationTables, a: Appointment, kind: MessageKind, dueAt: Date): NotificationTables {
  let seq = t.seq;
  const rows = CHANNELS.map((channel): NotificationRow => {
    seq += 1;
    return {
      id: seq,
      orgId: a.orgId,
      appointmentId: a.id,
      channel,
      kind,
      version: a.version,
      startsAt: a.startsAt,
      messageKey: messageKey(a.id, kind, a.version, channel),
      dueAt,
      attempts: 0,
      lastError: null,
      prepared: null,
      state: "pending",
      nextAttemptAt: dueAt,
      lockedUntil: null,
      providerId: null,
      outcome: null,
      deliveryStatus: null,
    };
  });
  return { ...t, jobs: [...t.jobs, ...rows], seq };
}

/** The appointment's pending reminders, dropped as superseded. */
function withdrawn(t: NotificationTables, appointmentId: string): NotificationTables {
  const jobs = t.jobs.map((j) =>
    j.appointmentId === appointmentId && j.kind === "reminder" && j.state === "pending"
      ? { ...j, state: "dropped" as const, outcome: "SUPERSEDED", lockedUntil: null }
      : j,
  );
  return { ...t, jobs };
}

/** What the trigger reads and writes of the database (`MemoryDatabase`). */
export interface NotificationHost {
  clinic(orgId: OrgId): ClinicSettings | undefined;
  now(): Date;
  notifications(): NotificationTables;
  setNotifications(tables: NotificationTables): void;
}

/** The trigger: what the write of `after` (over `before`) queues, in the write's transaction. */
export function notifyAppointmentWritten(
  db: NotificationHost,
  before: Appointment | undefined,
  after: Appointment,
): void {
  const clinic = db.clinic(after.orgId);
  if (clinic === undefined) return;
  let t = db.notifications();
  const lead = t.settings.get(after.orgId)?.reminderLeadMinutes ?? DEFAULT_REMINDER_LEAD_MINUTES;
  const now = db.now();
  const plan = planNotifications(before, after, lead, clinic.zone, now);
  if (plan.withdrawReminder) t = withdrawn(t, after.id);
  if (plan.confirm !== null) t = queued(t, after, plan.confirm, now);
  if (plan.remindAt !== null) t = queued(t, after, "reminder", plan.remindAt);
  if (t !== db.notifications()) db.setNotifications(t);
}
