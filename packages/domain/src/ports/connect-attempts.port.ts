/**
 * @module ports/connect-attempts.port
 * The memory of the calendar connect flow, so that a consent link works once and a relink cannot
 * move a clinic to another provider account unnoticed: each attempt an admin starts (a single-use
 * nonce, its clinic, its expiry, the account the clinic was linked to then, whether the admin
 * asked to switch accounts), and the provider account each clinic's link belongs to.
 */
import type { ResultAsync } from "neverthrow";
import type { StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import type { OrgId } from "../values/org-id.ts";

export interface ConnectAttempt {
  /** The attempt's single-use key, carried by the provider's `state`. */
  readonly nonce: string;
  readonly orgId: OrgId;
  /** Epoch milliseconds; the attempt cannot be used from then on. */
  readonly expiresAt: number;
  /** The provider account the clinic was linked to when the attempt started; `null`: none. */
  readonly linkedAccount: string | null;
  /** The admin asked to link another account than the linked one. */
  readonly switchAccount: boolean;
}

/** What starting an attempt takes; the linked account is read by the store in the same step. */
export type NewConnectAttempt = Omit<ConnectAttempt, "linkedAccount">;

/** Why an attempt cannot be used: already used once, past its expiry, or never started here. */
export type ConnectAttemptProblem = "used" | "expired" | "unknown";

export interface ConnectAttemptUnusable {
  readonly code: "CONNECT_ATTEMPT_UNUSABLE";
  readonly message: string;
  readonly retryable: false;
  readonly problem: ConnectAttemptProblem;
}

/** The clinic's link belongs to another account, and the attempt did not ask to switch. */
export interface CalendarAccountMismatch {
  readonly code: "CALENDAR_ACCOUNT_MISMATCH";
  readonly message: string;
  readonly retryable: false;
  /** The account the clinic's link stays with. */
  readonly linkedAccount: string;
}

export interface ConnectAttempts {
  /**
   * Records a new attempt (a nonce is never reused: starting one twice is a store failure) with the
   * clinic's linked account as it is now; an org that does not exist is `UNKNOWN_ORG`.
   */
  start(attempt: NewConnectAttempt): ResultAsync<ConnectAttempt, UnknownOrg | StoreUnavailable>;

  /**
   * Uses the attempt, atomically and once: of concurrent calls with one nonce exactly one gets the
   * attempt; a used, expired (by the store's clock) or unknown nonce is `CONNECT_ATTEMPT_UNUSABLE`.
   */
  consume(nonce: string): ResultAsync<ConnectAttempt, ConnectAttemptUnusable | StoreUnavailable>;

  /** The provider account the clinic's link belongs to; `null` when none was recorded. */
  linkedAccount(orgId: OrgId): ResultAsync<string | null, StoreUnavailable>;

  /**
   * Records `account` as the one the clinic's link belongs to, atomically, unless the clinic is
   * linked to another account and `attempt` did not ask to switch: `attempt.linkedAccount` when
   * the attempt started, and whatever was recorded since (a concurrent link) both count. Nothing
   * changes on a refusal.
   */
  pinAccount(attempt: ConnectAttempt, account: string): ResultAsync<void, CalendarAccountMismatch | StoreUnavailable>;
}
