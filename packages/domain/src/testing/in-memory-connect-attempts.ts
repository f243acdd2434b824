/**
 * @module testing/in-memory-connect-attempts
 * Calendar connect attempts and each clinic's linked account in memory, beside a `MemoryDatabase`
 * whose clinics it checks and whose clock judges expiry (the store's clock, like Postgres's
 * `now()`). Each call reads and writes in one synchronous step, so of concurrent consumes of one
 * nonce exactly one wins, as with the SQL store's single `update … returning`.
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { DomainErrors, type StoreUnavailable, type UnknownOrg } from "../errors/domain-error.ts";
import type {
  CalendarAccountMismatch,
  ConnectAttempt,
  ConnectAttemptProblem,
  ConnectAttempts,
  ConnectAttemptUnusable,
  NewConnectAttempt,
} from "../ports/connect-attempts.port.ts";
import type { OrgId } from "../values/org-id.ts";
import type { MemoryDatabase } from "./memory-database.ts";

interface StoredAttempt extends ConnectAttempt {
  readonly usedAt: Date | null;
}

const unusable = (problem: ConnectAttemptProblem): ConnectAttemptUnusable => ({
  code: "CONNECT_ATTEMPT_UNUSABLE",
  message: `connect attempt ${problem}`,
  retryable: false,
  problem,
});

const mismatch = (linkedAccount: string): CalendarAccountMismatch => ({
  code: "CALENDAR_ACCOUNT_MISMATCH",
  message: "the clinic is linked to another account",
  retryable: false,
  linkedAccount,
});

export class InMemoryConnectAttempts implements ConnectAttempts {
  private readonly db: MemoryDatabase;
  private readonly attempts = new Map<string, StoredAttempt>();
  private readonly accounts = new Map<OrgId, string>();

  constructor(db: MemoryDatabase) {
    this.db = db;
  }

  start(attempt: NewConnectAttempt): ResultAsync<ConnectAttempt, UnknownOrg | StoreUnavailable> {
    if (this.db.clinic(attempt.orgId) === undefined) return errAsync(DomainErrors.unknownOrg());
    if (this.attempts.has(attempt.nonce)) {
      return errAsync({ ...DomainErrors.storeUnavailable("connect attempt nonce reused"), retryable: false });
    }
    const started = { ...attempt, linkedAccount: this.accounts.get(attempt.orgId) ?? null };
    this.attempts.set(attempt.nonce, { ...started, usedAt: null });
    return okAsync(started);
  }

  consume(nonce: string): ResultAsync<ConnectAttempt, ConnectAttemptUnusable | StoreUnavailable> {
    const found = this.attempts.get(nonce);
    const now = this.db.now();
    if (found === undefined) return errAsync(unusable("unknown"));
    if (found.usedAt !== null) return errAsync(unusable("used"));
    if (found.expiresAt <= now.getTime()) return errAsync(unusable("expired"));
    this.attempts.set(nonce, { ...found, usedAt: now });
    const { usedAt: _, ...attempt } = found;
    return okAsync(attempt);
  }

  linkedAccount(orgId: OrgId): ResultAsync<string | null, StoreUnavailable> {
    return okAsync(this.accounts.get(orgId) ?? null);
  }

  pinAccount(attempt: ConnectAttempt, account: string): ResultAsync<void, CalendarAccountMismatch | StoreUnavailable> {
    const current = this.accounts.get(attempt.orgId) ?? null;
    const other = [attempt.linkedAccount, current].find((a) => a !== null && a !== account);
    if (other !== undefined && other !== null && !attempt.switchAccount) return errAsync(mismatch(current ?? other));
    this.accounts.set(attempt.orgId, account);
    return okAsync(undefined);
  }
}
