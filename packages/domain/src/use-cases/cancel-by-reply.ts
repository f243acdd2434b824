/**
 * @module use-cases/cancel-by-reply
 * "Reply C to cancel": a patient's "C" to a clinic with two-way SMS cancels their next upcoming
 * appointment there, the way a call from that number could (the sender's number counts as the
 * caller ID). The clinics are those sending from the number the reply went to (a reply to the
 * service's default number reaches the clinics without a sender of their own), two-way SMS on.
 * The cancellation queues its own "cancelled" confirmation, which is the patient's answer; the
 * reply's message id is the retry key, so Twilio redelivering the webhook cancels once.
 */
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import type { Appointment } from "../appointments/appointment.ts";
import type { StoreUnavailable } from "../errors/domain-error.ts";
import type { NotificationSettings } from "../notifications/notification-settings.ts";
import type { BookingStore } from "../ports/booking-store.port.ts";
import type { Clock } from "../ports/clock.port.ts";
import type { NotificationSettingsStore } from "../ports/notification-settings.port.ts";
import { type PhoneNumber, parsePhoneNumber } from "../values/phone-number.ts";
import type { PatientReply } from "./notification-settings.ts";

export interface CancelByReplyDeps {
  readonly settings: NotificationSettingsStore;
  readonly store: BookingStore;
  readonly clock: Clock;
}

/** The two-way clinics the reply reached. */
function twoWayClinics(
  deps: CancelByReplyDeps,
  to: string,
  defaultSender: string | null,
): ResultAsync<NotificationSettings[], StoreUnavailable> {
  return deps.settings.clinicsSendingFrom(to).andThen((own) => {
    const toDefault = defaultSender === null || defaultSender === to;
    const reached = own.length > 0 || !toDefault ? okAsync(own) : deps.settings.clinicsSendingFrom(null);
    return reached.map((list) => list.filter((s) => s.twoWaySms));
  });
}

/** The cancelled appointment, or `null` when the number has nothing upcoming at those clinics. */
export function cancelByReply(
  deps: CancelByReplyDeps,
  reply: PatientReply & { readonly messageId: string },
  defaultSender: string | null,
): ResultAsync<Appointment | null, StoreUnavailable> {
  const from = parsePhoneNumber(reply.from, "GB");
  if (from.isErr()) return okAsync(null);
  return twoWayClinics(deps, reply.to, defaultSender)
    .andThen((clinics) => upcoming(deps, clinics, from.value))
    .andThen((next) => (next === null ? okAsync(null) : cancel(deps, next, from.value, reply.messageId)));
}

/** The soonest upcoming appointment of this number at these clinics. */
function upcoming(
  deps: CancelByReplyDeps,
  clinics: readonly NotificationSettings[],
  from: PhoneNumber,
): ResultAsync<Appointment | null, StoreUnavailable> {
  const caller = { callerId: from, phone: null, email: null };
  return deps.clock
    .now()
    .andThen((now) =>
      ResultAsync.combine(clinics.map((c) => deps.store.findUpcoming(c.orgId, caller, now))).map(
        (lists) => lists.flat().sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0] ?? null,
      ),
    );
}

function cancel(
  deps: CancelByReplyDeps,
  next: Appointment,
  from: PhoneNumber,
  messageId: string,
): ResultAsync<Appointment | null, StoreUnavailable> {
  const caller = { callerId: from, phone: null, email: null };
  const command = { orgId: next.orgId, appointmentId: next.id, caller, idempotencyKey: `sms-reply:${messageId}` };
  return deps.store
    .cancelForCaller(command)
    .map((o): Appointment | null => o.current)
    .orElse((e) => (e.code === "CALLER_NOT_VERIFIED" ? okAsync(null) : errAsync(e)));
}
