/**
 * @module function-call
 * One SQL function call as a domain result, shared by every store of this package so they all
 * read answers the same way: an expected `{"error": CODE, …}` becomes that refusal; any other
 * answer must match the call's zod shape, or it is a defect (`STORE_UNAVAILABLE`, not retryable,
 * its cause naming the function and where the answer went wrong); whatever the carrier reports
 * (pg, PGlite, PostgREST) is already `STORE_UNAVAILABLE`.
 */
import type { StoreUnavailable } from "@voxanne/domain";
import { err, ok, type Result, type ResultAsync } from "neverthrow";
import type { z } from "zod";
import { describeIssues } from "./answer-shapes.ts";
import { type RefusalCode, type Refusals, refusalIn } from "./refusals.ts";
import { defect, type RpcArgs, type RpcCaller } from "./rpc.ts";

function decode<S extends z.ZodType>(fn: string, shape: S, answer: unknown): Result<z.output<S>, StoreUnavailable> {
  const read = shape.safeParse(answer);
  return read.success ? ok(read.data) : err(defect(fn, `unexpected answer: ${describeIssues(read.error)}`));
}

export class SqlFunctions {
  private readonly rpc: RpcCaller;

  constructor(rpc: RpcCaller) {
    this.rpc = rpc;
  }

  /** Calls `fn`: its answer as `shape`, or one of the `refusals` it may give as that domain error. */
  call<S extends z.ZodType, C extends RefusalCode = never>(
    fn: string,
    args: RpcArgs,
    shape: S,
    refusals: readonly C[] = [],
  ): ResultAsync<z.output<S>, Refusals[C] | StoreUnavailable> {
    return this.rpc(fn, args).andThen((answer) =>
      refusalIn(fn, answer, refusals).andThen((refused) =>
        refused === null ? decode(fn, shape, answer) : err<z.output<S>, Refusals[C]>(refused),
      ),
    );
  }

  /** Calls `fn` and reads its whole answer, `{"error"}` included, as `shape` (for answers the domain has no error for). */
  answer<S extends z.ZodType>(fn: string, args: RpcArgs, shape: S): ResultAsync<z.output<S>, StoreUnavailable> {
    return this.rpc(fn, args).andThen((answer) => decode(fn, shape, answer));
  }
}
