/**
 * @module calendar-operations
 * The four gateway operations as sequences of Calendar API requests. Our event id is fixed by the
 * appointment id, so every operation converges when retried:
 * - create: insert with our id; 409 means it exists → get it; live at these times → done,
 *   otherwise (cancelled, or at other times) → patch it back to confirmed at these times;
 * - move: patch times (and status confirmed); 404 → create;
 * - cancel: delete; 404 and 410 (already deleted) are done;
 * - busy: one freeBusy for all the calendars asked, refusing a per-calendar error inside the 200
 *   (never reported as "free").
 */
import type { calendar_v3 } from "@googleapis/calendar";
import {
  type CalendarBusy,
  type CalendarError,
  type CalendarEvent,
  DomainErrors,
  type Interval,
} from "@voxanne/domain";
import { err, errAsync, ok, okAsync, type Result, type ResultAsync } from "neverthrow";
import { insertBody, isLiveAt, patchBody } from "./event-resource.ts";
import { type CallContext, callGoogle } from "./google-call.ts";

/** Makes the calendar hold one confirmed event with this id at these times. */
export function createEvent(ctx: CallContext, event: CalendarEvent): ResultAsync<void, CalendarError> {
  const { calendarId } = event;
  return callGoogle(
    ctx,
    (api, o) => api.events.insert({ calendarId, sendUpdates: "none", requestBody: insertBody(event) }, o),
    [409],
  ).andThen((reply) => (reply.status === 409 ? reconcile(ctx, event) : okAsync(undefined)));
}

/** The id exists: look at Google's copy and patch it only if it is cancelled or elsewhere. */
function reconcile(ctx: CallContext, event: CalendarEvent): ResultAsync<void, CalendarError> {
  const { calendarId, eventId } = event;
  return callGoogle(ctx, (api, o) => api.events.get({ calendarId, eventId }, o), [404]).andThen((reply) => {
    // 409 then 404: Google says id clashes are not always detected consistently; try again later.
    if (reply.data === undefined) return errAsync(DomainErrors.calendarUnavailable());
    return isLiveAt(reply.data, event) ? okAsync(undefined) : patch(ctx, event).map(() => undefined);
  });
}

/** Moves the event (confirmed, new times); an event Google does not have is created. */
export function moveEvent(ctx: CallContext, event: CalendarEvent): ResultAsync<void, CalendarError> {
  return patch(ctx, event, [404]).andThen((reply) =>
    reply.status === 404 ? createEvent(ctx, event) : okAsync(undefined),
  );
}

function patch(ctx: CallContext, event: CalendarEvent, accept: readonly number[] = []) {
  const { calendarId, eventId } = event;
  return callGoogle(
    ctx,
    (api, o) => api.events.patch({ calendarId, eventId, sendUpdates: "none", requestBody: patchBody(event) }, o),
    accept,
  );
}

/** Deletes the event; gone already (404) or deleted before (410) counts as done. */
export function cancelEvent(ctx: CallContext, calendarId: string, eventId: string): ResultAsync<void, CalendarError> {
  return callGoogle(
    ctx,
    (api, o) => api.events.delete({ calendarId, eventId, sendUpdates: "none" }, o),
    [404, 410],
  ).map(() => undefined);
}

/**
 * Busy intervals of each calendar in the window (as Google reports them: clipped to the window),
 * all asked in ONE freeBusy request; every calendar asked for must be answered and readable.
 */
export function busyTimes(
  ctx: CallContext,
  calendarIds: readonly string[],
  window: Interval,
): ResultAsync<CalendarBusy, CalendarError> {
  const ids = [...new Set(calendarIds)];
  if (ids.length === 0) return okAsync({});
  const requestBody = {
    timeMin: window.start.toISOString(),
    timeMax: window.end.toISOString(),
    items: ids.map((id) => ({ id })),
  };
  return callGoogle(ctx, (api, o) => api.freebusy.query({ requestBody }, o)).andThen((reply) =>
    busyOfAll(ids, reply.data?.calendars ?? {}),
  );
}

/** Every calendar's answer; the first refusal (notFound before any other error) fails the whole call. */
function busyOfAll(
  ids: readonly string[],
  answers: Record<string, calendar_v3.Schema$FreeBusyCalendar>,
): ResultAsync<CalendarBusy, CalendarError> {
  const read = ids.map((id) => [id, busyOf(answers[id])] as const);
  const refusals = read.flatMap(([, r]) => (r.isErr() ? [r.error] : []));
  const refusal = refusals.find((e) => e.code === "CALENDAR_NOT_LINKED") ?? refusals[0];
  if (refusal !== undefined) return errAsync(refusal);
  return okAsync(Object.fromEntries(read.map(([id, r]) => [id, r.unwrapOr([])])));
}

/**
 * One calendar's answer. Google reports a calendar it cannot read inside the 200 (`errors`,
 * e.g. `notFound`): the linked calendar id is not one this grant can see, so the link is as good
 * as absent (`CALENDAR_NOT_LINKED`); any other error (`backendError`, …) is `CALENDAR_UNAVAILABLE`.
 */
function busyOf(answer: calendar_v3.Schema$FreeBusyCalendar | undefined): Result<Interval[], CalendarError> {
  if (answer === undefined) return err(DomainErrors.calendarUnavailable());
  const errors = answer.errors ?? [];
  if (errors.some((e) => e.reason === "notFound")) return err(DomainErrors.calendarNotLinked());
  if (errors.length > 0) return err(DomainErrors.calendarUnavailable());
  const busy = (answer.busy ?? []).map((b) => ({ start: new Date(b.start ?? ""), end: new Date(b.end ?? "") }));
  if (busy.some((b) => Number.isNaN(b.start.getTime()) || Number.isNaN(b.end.getTime()))) {
    return err(DomainErrors.calendarUnavailable());
  }
  return ok(busy);
}
