/**
 * @module use-cases/link-calendar
 * A clinic links (or relinks) its calendar: the provider's redirect completes the link, then the
 * calendar syncs parked while the link was broken are resumed and the appointments booked while
 * the clinic had no link (which queue no calendar jobs) are queued (`resumeParkedSyncs`), so
 * everything booked meanwhile reaches the calendar.
 */
import type { ResultAsync } from "neverthrow";
import type { StoreUnavailable } from "../errors/domain-error.ts";
import type { CalendarConnect, ConnectRefused } from "../ports/calendar-connect.port.ts";
import type { SyncOutbox } from "../ports/sync-outbox.port.ts";
import type { OrgId } from "../values/org-id.ts";

export interface LinkCalendarDeps {
  readonly connect: CalendarConnect;
  readonly outbox: Pick<SyncOutbox, "requeue">;
}

export interface CalendarLinked {
  readonly orgId: OrgId;
  /** Calendar syncs due because of the link: parked ones resumed, missing ones queued. */
  readonly resumed: number;
}

/** The parked calendar syncs of a clinic become due now, and what its calendar lacks is queued; how many. */
export function resumeParkedSyncs(
  outbox: Pick<SyncOutbox, "requeue">,
  orgId: OrgId,
): ResultAsync<number, StoreUnavailable> {
  return outbox.requeue(orgId);
}

export function linkCalendar(
  deps: LinkCalendarDeps,
  code: string,
  state: string,
): ResultAsync<CalendarLinked, ConnectRefused | StoreUnavailable> {
  return deps.connect
    .complete(code, state)
    .andThen(({ orgId }) => resumeParkedSyncs(deps.outbox, orgId).map((resumed) => ({ orgId, resumed })));
}
