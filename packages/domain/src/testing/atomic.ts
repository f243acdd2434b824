/**
 * @module testing/atomic
 * One in-memory transaction as a `Result`, the way the SQL functions behave: an expected refusal
 * (a thrown `Refused`, like a RAISE or an early error answer) becomes its error, any other throw
 * becomes `STORE_UNAVAILABLE`, and both roll the tables back.
 */
import { err, ok, type Result, ResultAsync } from "neverthrow";
import { DomainErrors, type StoreUnavailable } from "../errors/domain-error.ts";
import type { MemoryDatabase } from "./memory-database.ts";

/** Ends a transaction early with an expected refusal. */
export class Refused<E> extends Error {
  readonly refusal: E;
  constructor(refusal: E) {
    super("refused");
    this.refusal = refusal;
  }
}

/** Runs `fn` as one transaction of `db`. */
export function atomic<T, E>(db: MemoryDatabase, fn: () => T): Result<T, E | StoreUnavailable> {
  try {
    return ok(db.transaction(fn));
  } catch (e) {
    if (e instanceof Refused) return err(e.refusal as E);
    return err(DomainErrors.storeUnavailable(e instanceof Error ? e.message : String(e)));
  }
}

/** `atomic`, run as an asynchronous store call (after the caller's synchronous code, like a round trip). */
export function atomicAsync<T, E>(db: MemoryDatabase, fn: () => T): ResultAsync<T, E | StoreUnavailable> {
  return ResultAsync.fromSafePromise(Promise.resolve()).andThen(() => atomic<T, E>(db, fn));
}
