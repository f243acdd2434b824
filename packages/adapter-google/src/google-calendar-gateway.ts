/**
 * @module google-calendar-gateway
 * `CalendarGateway` on Google Calendar: each call reads the org's link from the
 * `IntegrationStore`, takes the org's cached OAuth client (see `linked-calendars`) and runs the
 * operation (see `calendar-operations`) under the caller's time budget.
 */
import type {
  CalendarBusy,
  CalendarError,
  CalendarEvent,
  CalendarGateway,
  CallOptions,
  IntegrationStore,
  Interval,
  OrgId,
} from "@voxanne/domain";
import type { ResultAsync } from "neverthrow";
import * as operations from "./calendar-operations.ts";
import { CallBudget, type RetryTuning } from "./call-budget.ts";
import type { CallContext } from "./google-call.ts";
import type { GoogleClientConfig } from "./google-config.ts";
import { LinkedCalendars } from "./linked-calendars.ts";

/** Budget of a call that names none: short enough for a voice turn. */
export const DEFAULT_GOOGLE_BUDGET_MS = 1500;

export interface GoogleCalendarGatewayOptions extends GoogleClientConfig {
  /** Where the orgs' links and tokens live; refreshed tokens and `reauth_required` are written back. */
  readonly integrations: IntegrationStore;
  /** Budget of a call whose `CallOptions` name none (default 1500 ms). */
  readonly defaultBudgetMs?: number;
  /** Refresh a token this long before it expires (default: google-auth-library's 5 minutes). */
  readonly eagerRefreshMs?: number;
  /** Backoff tuning and injectable randomness, sleep and clock (tests). */
  readonly retry?: RetryTuning;
}

export class GoogleCalendarGateway implements CalendarGateway {
  private readonly calendars: LinkedCalendars;
  private readonly defaultBudgetMs: number;
  private readonly retry: RetryTuning;

  constructor(options: GoogleCalendarGatewayOptions) {
    this.calendars = new LinkedCalendars(options.integrations, options, options.eagerRefreshMs);
    this.defaultBudgetMs = options.defaultBudgetMs ?? DEFAULT_GOOGLE_BUDGET_MS;
    this.retry = options.retry ?? {};
  }

  /**
   * Busy intervals of each calendar inside the window, in one freeBusy request; a calendar Google
   * cannot read fails the call, never reads as "free".
   */
  busyTimes(
    orgId: OrgId,
    calendarIds: readonly string[],
    window: Interval,
    options?: CallOptions,
  ): ResultAsync<CalendarBusy, CalendarError> {
    return this.begin(orgId, options).andThen((ctx) => operations.busyTimes(ctx, calendarIds, window));
  }

  /** Creates the event with our id; an existing one is kept, revived or moved to these times. */
  createEvent(
    orgId: OrgId,
    event: CalendarEvent,
    options?: CallOptions,
  ): ResultAsync<{ eventId: string }, CalendarError> {
    return this.begin(orgId, options)
      .andThen((ctx) => operations.createEvent(ctx, event))
      .map(() => ({ eventId: event.eventId }));
  }

  /** Moves the event to its new times (confirmed); creates it if Google does not have it. */
  moveEvent(
    orgId: OrgId,
    event: CalendarEvent,
    options?: CallOptions,
  ): ResultAsync<{ eventId: string }, CalendarError> {
    return this.begin(orgId, options)
      .andThen((ctx) => operations.moveEvent(ctx, event))
      .map(() => ({ eventId: event.eventId }));
  }

  /** Deletes the event; one already gone counts as cancelled. */
  cancelEvent(
    orgId: OrgId,
    calendarId: string,
    eventId: string,
    options?: CallOptions,
  ): ResultAsync<void, CalendarError> {
    return this.begin(orgId, options).andThen((ctx) => operations.cancelEvent(ctx, calendarId, eventId));
  }

  /**
   * Drops the org's cached client. Not needed after a relink (a new refresh token in the store is
   * picked up by itself); use it when a link is deleted or replaced outside the store's knowledge.
   */
  forget(orgId: OrgId): void {
    this.calendars.forget(orgId);
  }

  private begin(orgId: OrgId, options: CallOptions | undefined): ResultAsync<CallContext, CalendarError> {
    const budget = new CallBudget(options?.budgetMs ?? this.defaultBudgetMs, this.retry);
    return this.calendars
      .open(orgId)
      .map((link) => ({ calendars: this.calendars, link, budget, refreshForced: false }));
  }
}
