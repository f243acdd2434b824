/**
 * @module google-call
 * One Calendar API request under the caller's budget: retried with jittered backoff while the
 * failure is transient, refreshed once on a 401, and turned into the domain's calendar codes
 * otherwise. Statuses the operation expects (409 on insert, 404/410 on delete, …) come back as
 * values, not failures.
 */
import type { calendar_v3, MethodOptions } from "@googleapis/calendar";
import { type CalendarError, DomainErrors } from "@voxanne/domain";
import { GaxiosError } from "gaxios";
import { err, ok, type Result, ResultAsync } from "neverthrow";
import type { CallBudget } from "./call-budget.ts";
import { classifyFailure } from "./google-failure.ts";
import { expireAccessToken, heldAccessToken, type LinkedCalendar, type LinkedCalendars } from "./linked-calendars.ts";

/** One gateway call: the org's link, its budget, and whether a 401 already forced a refresh. */
export interface CallContext {
  readonly calendars: LinkedCalendars;
  readonly link: LinkedCalendar;
  readonly budget: CallBudget;
  refreshForced: boolean;
}

/** What came back: the body on 2xx, `undefined` for an accepted error status. */
export interface Reply<T> {
  readonly status: number;
  readonly data: T | undefined;
}

export type Send<T> = (api: calendar_v3.Calendar, options: MethodOptions) => Promise<{ status: number; data: T }>;

/** Sends `send` until it succeeds, answers a status in `accept`, or fails for good. */
export function callGoogle<T>(
  ctx: CallContext,
  send: Send<T>,
  accept: readonly number[] = [],
): ResultAsync<Reply<T>, CalendarError> {
  return new ResultAsync(attemptUntilSettled(ctx, send, accept));
}

async function attemptUntilSettled<T>(
  ctx: CallContext,
  send: Send<T>,
  accept: readonly number[],
): Promise<Result<Reply<T>, CalendarError>> {
  const safeSend = ResultAsync.fromThrowable(send, (e) => e);
  for (;;) {
    const tokenBefore = heldAccessToken(ctx.link);
    const sent = await ctx.budget.bounded(({ timeout, signal }) =>
      safeSend(ctx.link.api, { timeout, signal, retry: false }),
    );
    if (sent.isOk()) return ok({ status: sent.value.status, data: sent.value.data });
    const status = sent.error instanceof GaxiosError ? sent.error.response?.status : undefined;
    if (status !== undefined && accept.includes(status)) return ok({ status, data: undefined });
    const failure = classifyFailure(sent.error);
    switch (failure.kind) {
      case "transient":
        if (await ctx.budget.backoff(failure.retryAfterMs)) continue;
        return err(DomainErrors.calendarUnavailable());
      case "unauthorized":
        if (ctx.refreshForced)
          return ctx.calendars.reauthRequired(ctx.link, "Google refused a freshly refreshed token (401)");
        ctx.refreshForced = true;
        // Expire only the token the request used: a newer one (refreshed meanwhile) gets its own try.
        if (heldAccessToken(ctx.link) === tokenBefore) expireAccessToken(ctx.link);
        continue;
      case "grant_broken":
        return ctx.calendars.reauthRequired(ctx.link, failure.reason);
      case "refused":
        return err(DomainErrors.calendarUnavailable());
    }
  }
}
