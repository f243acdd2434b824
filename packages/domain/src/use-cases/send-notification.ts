/**
 * @module use-cases/send-notification
 * What the worker does with one claimed notification job: decide whether it may go, then send it
 * exactly once. The policy: a job for an appointment that no longer exists, a reminder for a
 * cancelled visit (a move withdraws the old reminder in its own transaction), a channel the clinic turned off (or the service has no provider
 * for), a contact without that address, an opted-out number, or a visit that has already started
 * (a message never goes late) is dropped with its reason. Exactly once: the text is fixed with
 * the job before the first send (`prepare`); a job that was prepared before may have been sent
 * (a timeout, a 5xx after the request went out, a crash before `complete`), so the provider is
 * asked first (`lookup`) and a message found there completes the job without a resend. Opted out
 * at the provider (Twilio 21610) and other refusals are dropped; 429 / 5xx / network are retried.
 */
import { okAsync, ResultAsync } from "neverthrow";
import type { StoreUnavailable } from "../errors/domain-error.ts";
import type { Channel, DropReason } from "../notifications/notification.ts";
import { renderMessage } from "../notifications/notification-text.ts";
import type { Clock } from "../ports/clock.port.ts";
import type { ClaimedNotification, NotificationOutbox } from "../ports/notification-outbox.port.ts";
import type { NotificationSettingsStore } from "../ports/notification-settings.port.ts";
import type { MessageEvent, Notifier, NotifierFailure, OutgoingMessage } from "../ports/notifier.port.ts";

export interface SendNotificationDeps {
  readonly outbox: NotificationOutbox;
  readonly settings: NotificationSettingsStore;
  /** The configured providers; a channel without one is off. */
  readonly notifiers: Partial<Record<Channel, Notifier>>;
  readonly clock: Clock;
}

export type SendOutcome =
  | { readonly outcome: "sent"; readonly reason: null }
  /** Found at the provider after a send that may have landed: completed without a resend. */
  | { readonly outcome: "reconciled"; readonly reason: null }
  | { readonly outcome: "retried"; readonly reason: string }
  | { readonly outcome: "dropped"; readonly reason: DropReason };

type Ready = { readonly notifier: Notifier; readonly message: OutgoingMessage };

/** Whether the channel is on for this clinic: its own choice, else whether a provider is configured. */
function channelOn(job: ClaimedNotification, notifier: Notifier | undefined): boolean {
  const chosen = job.channel === "sms" ? job.settings.sms : job.settings.email;
  return notifier !== undefined && chosen !== false;
}

function eventOf(job: ClaimedNotification): MessageEvent | null {
  const { appointment, clinic } = job;
  if (job.channel !== "email" || !job.settings.icsAttachment || appointment === null || clinic === null) return null;
  return {
    uid: `${appointment.id}@voxanne`,
    title: `${appointment.serviceType ?? "Appointment"} at ${clinic.name}`,
    start: appointment.startsAt,
    end: appointment.endsAt,
    cancelled: appointment.status === "cancelled",
    location: clinic.name,
    sequence: appointment.version,
  };
}

/** The message to send, or why the job goes without one. */
export function readyToSend(
  job: ClaimedNotification,
  notifiers: SendNotificationDeps["notifiers"],
  now: Date,
): Ready | DropReason {
  const { appointment, clinic, contact } = job;
  if (appointment === null || clinic === null) return "APPOINTMENT_GONE";
  if (job.kind === "reminder" && appointment.status !== "booked") return "SUPERSEDED";
  const notifier = notifiers[job.channel];
  if (notifier === undefined || !channelOn(job, notifier)) return "CHANNEL_OFF";
  if (now.getTime() >= appointment.startsAt.getTime()) return "TOO_LATE";
  const to = job.channel === "sms" ? contact?.phone : contact?.email;
  if (to === undefined || to === null) return "NO_RECIPIENT";
  if (job.channel === "sms" && job.optedOut) return "OPTED_OUT";
  const rendered = renderMessage(job.kind, job.channel, job.startsAt, appointment, clinic, job.settings);
  const body = job.prepared?.body ?? rendered.body;
  const from = job.channel === "sms" ? job.settings.sender : null;
  const message = {
    channel: job.channel,
    to: job.prepared?.to ?? to,
    from,
    subject: rendered.subject,
    body,
    key: job.messageKey,
    event: eventOf(job),
  };
  return { notifier, message };
}

export function sendNotification(
  deps: SendNotificationDeps,
  job: ClaimedNotification,
): ResultAsync<SendOutcome, StoreUnavailable> {
  return deps.clock.now().andThen((now) => {
    const ready = readyToSend(job, deps.notifiers, now);
    if (typeof ready === "string") return drop(deps, job, ready);
    return reconcile(deps, job, ready).andThen((found): ResultAsync<SendOutcome, StoreUnavailable> => {
      if (found === "absent") return deliver(deps, job, ready);
      if (found === "found") return okAsync({ outcome: "reconciled", reason: null });
      return okAsync({ outcome: "retried", reason: found });
    });
  });
}

type Reconciled = "found" | "absent" | `LOOKUP_${NotifierFailure["reason"]}`;

/**
 * Whether an earlier send of this job landed: `found` (and the job is completed), `absent`, or
 * the provider could not say (the job is released: sending now could duplicate, so ask again later).
 */
function reconcile(
  deps: SendNotificationDeps,
  job: ClaimedNotification,
  ready: Ready,
): ResultAsync<Reconciled, StoreUnavailable> {
  const prepared = job.prepared;
  if (prepared === null) return okAsync("absent");
  const { message } = ready;
  const query = { to: message.to, from: message.from, body: message.body, key: message.key, since: prepared.at };
  return ResultAsync.fromSafePromise(Promise.resolve(ready.notifier.lookup(query))).andThen((answer) =>
    answer.match(
      (hit): ResultAsync<Reconciled, StoreUnavailable> =>
        hit === null ? okAsync("absent") : deps.outbox.complete(job.id, hit.providerId).map(() => "found"),
      (failure) => {
        const reason = `LOOKUP_${failure.reason}` as const;
        return deps.outbox.fail(job.id, reason).map(() => reason);
      },
    ),
  );
}

function deliver(
  deps: SendNotificationDeps,
  job: ClaimedNotification,
  ready: Ready,
): ResultAsync<SendOutcome, StoreUnavailable> {
  return deps.outbox
    .prepare(job.id, ready.message.to, ready.message.body)
    .andThen(() => ResultAsync.fromSafePromise(Promise.resolve(ready.notifier.send(ready.message))))
    .andThen((sent) =>
      sent.match(
        ({ providerId }) =>
          deps.outbox.complete(job.id, providerId).map((): SendOutcome => ({ outcome: "sent", reason: null })),
        (failure) => settleFailure(deps, job, failure),
      ),
    );
}

function settleFailure(
  deps: SendNotificationDeps,
  job: ClaimedNotification,
  failure: NotifierFailure,
): ResultAsync<SendOutcome, StoreUnavailable> {
  if (failure.reason === "OPTED_OUT") {
    const phone = job.contact?.phone ?? null;
    const optOut = phone === null ? okAsync(0) : deps.settings.setOptOut(job.settings.sender, phone, true);
    return optOut.andThen(() => drop(deps, job, "OPTED_OUT"));
  }
  if (!failure.retryable) return drop(deps, job, "REJECTED");
  return deps.outbox
    .fail(job.id, failure.reason)
    .map((): SendOutcome => ({ outcome: "retried", reason: failure.reason }));
}

function drop(
  deps: SendNotificationDeps,
  job: ClaimedNotification,
  reason: DropReason,
): ResultAsync<SendOutcome, StoreUnavailable> {
  return deps.outbox.drop(job.id, reason).map((): SendOutcome => ({ outcome: "dropped", reason }));
}
