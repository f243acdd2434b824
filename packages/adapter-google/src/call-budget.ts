/**
 * @module call-budget
 * The time a caller gave us (`CallOptions.budgetMs`), spent across attempts and backoffs. Each
 * attempt gets what is left as its timeout and an AbortSignal; the attempt is also raced against
 * the deadline, so a slow token refresh (shared by every caller, so never aborted) cannot hold a
 * caller past its budget. Backoff is exponential with full jitter; the random source, the sleep
 * and the clock can be injected for tests.
 */
import { err, type Result } from "neverthrow";

export interface RetryTuning {
  /** Cap of the first backoff in ms (default 100); the cap doubles per retry. */
  readonly baseDelayMs?: number;
  /** Largest backoff in ms (default 2000). */
  readonly maxDelayMs?: number;
  /** Uniform [0, 1) source for the jitter (default `Math.random`). */
  readonly random?: () => number;
  /** Waits `ms` (default `setTimeout`). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Epoch ms (default `Date.now`). */
  readonly now?: () => number;
}

/** What an attempt is given: its timeout and a signal aborted when the budget runs out. */
export interface AttemptLimits {
  readonly timeout: number;
  readonly signal: AbortSignal;
}

const defaults = {
  baseDelayMs: 100,
  maxDelayMs: 2000,
  random: Math.random,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  now: Date.now,
} satisfies Required<RetryTuning>;

/** Rejection value of an attempt cut short by the deadline (classified as a timeout). */
export const budgetSpent = (): DOMException => new DOMException("call budget spent", "TimeoutError");

export class CallBudget {
  private readonly tuning: Required<RetryTuning>;
  private readonly deadline: number;
  private retries = 0;

  constructor(budgetMs: number, tuning: RetryTuning = {}) {
    this.tuning = { ...defaults, ...tuning };
    this.deadline = this.tuning.now() + budgetMs;
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - this.tuning.now());
  }

  /** Runs one attempt, bounded by what is left of the budget. */
  async bounded<T>(attempt: (limits: AttemptLimits) => PromiseLike<Result<T, unknown>>): Promise<Result<T, unknown>> {
    const timeout = this.remainingMs();
    if (timeout <= 0) return err(budgetSpent());
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<Result<T, unknown>>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(budgetSpent());
        resolve(err(budgetSpent()));
      }, timeout);
    });
    try {
      return await Promise.race([attempt({ timeout, signal: controller.signal }), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits the next jittered backoff (at least `retryAfterMs` when Google asked for it). Returns
   * false, without waiting, when the wait would leave no time for another attempt.
   */
  async backoff(retryAfterMs: number | null = null): Promise<boolean> {
    const { baseDelayMs, maxDelayMs, random, sleep } = this.tuning;
    const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** this.retries);
    const delay = Math.max(Math.floor(random() * cap), retryAfterMs ?? 0);
    this.retries += 1;
    if (delay >= this.remainingMs()) return false;
    await sleep(delay);
    return true;
  }
}
