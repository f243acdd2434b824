/**
 * @module ports/notification-outbox.port
 * The notification outbox, as the worker drives it. A change to an appointment queues its
 * messages in the change's own transaction (`planNotifications`: a trigger on `appointments` in
 * SQL). Claiming leases due jobs and hands each over with what sending needs, read in the claim's
 * transaction. Before the first send the job records what it sends (`prepare`), so a job claimed
 * again after a send that may have landed is looked up at the provider before any resend.
 */
import type { ResultAsync } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import type { Clinic } from "../clinic/clinic.ts";
import type { Contact } from "../contacts/contact.ts";
import type { StoreUnavailable } from "../errors/domain-error.ts";
import type { Channel, DropReason, NotificationJob } from "../notifications/notification.ts";
import type { NotificationSettings } from "../notifications/notification-settings.ts";
import type { OrgId } from "../values/org-id.ts";

export interface ClaimedNotification extends NotificationJob {
  /** The appointment as it is now; `null` when it no longer exists. */
  readonly appointment: Appointment | null;
  readonly contact: Pick<Contact, "phone" | "email"> | null;
  readonly clinic: Clinic | null;
  /** The clinic's notification settings (the defaults when it saved none). */
  readonly settings: NotificationSettings;
  /** The contact's phone has opted out of this clinic's SMS. */
  readonly optedOut: boolean;
}

export interface NotificationSummary {
  /** Jobs due now (or leased right now). */
  readonly due: number;
  /** Jobs due later: reminders, and retries backing off. */
  readonly scheduled: number;
  /** When the oldest due job became due; `null` when none is. */
  readonly oldestDueAt: Date | null;
}

export interface NotificationOutbox {
  /** Leases up to `limit` due jobs (oldest first) for `leaseSeconds`; skips jobs another worker holds. */
  claim(limit: number, leaseSeconds: number): ResultAsync<ClaimedNotification[], StoreUnavailable>;

  /** Records the recipient and text before the first send (kept if already recorded); `false`: no such pending job. */
  prepare(jobId: number, to: string, body: string): ResultAsync<boolean, StoreUnavailable>;

  /** Sent: the job is done, with the provider's id. `false` when it was not pending. */
  complete(jobId: number, providerId: string): ResultAsync<boolean, StoreUnavailable>;

  /** Released for a later attempt (the sync outbox's backoff: 5 s doubling, capped, jittered); when it is due. */
  fail(jobId: number, error: string): ResultAsync<Date | null, StoreUnavailable>;

  /** Done without a message, with the reason. */
  drop(jobId: number, reason: DropReason): ResultAsync<boolean, StoreUnavailable>;

  /** A delivery report from the provider (`delivered`, `undelivered`, …) for the message it sent. */
  recordDelivery(channel: Channel, providerId: string, status: string): ResultAsync<boolean, StoreUnavailable>;

  /** The appointment's pending messages (reminders included), soonest first. */
  pendingFor(orgId: OrgId, appointmentId: string): ResultAsync<NotificationJob[], StoreUnavailable>;

  /** The backlog, for readiness and metrics. */
  summary(): ResultAsync<NotificationSummary, StoreUnavailable>;
}
