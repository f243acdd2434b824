/**
 * @module function-call
 * One SQL function call as a domain result: `{"error": CODE, …}` answers become that refusal,
 * an answer that does not decode becomes a (non-retryable) store failure, and whatever the
 * carrier reports (pg, PGlite, PostgREST) is already `STORE_UNAVAILABLE`. Shared by every store
 * of this package, so they all read answers the same way.
 */
import type { StoreUnavailable } from "@voxanne/domain";
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { type Refusal, refusalOf } from "./decode.ts";
import { type RpcArgs, type RpcCaller, storeFailure } from "./rpc.ts";

/** A function's jsonb answer: an object, or (for lists) an array. */
export type Answer = Record<string, unknown>;

export class SqlFunctions {
  private readonly rpc: RpcCaller;

  constructor(rpc: RpcCaller) {
    this.rpc = rpc;
  }

  /** One function call; `{"error": CODE}` becomes that refusal (`E` names the ones it can give). */
  call<T, E extends Refusal | StoreUnavailable>(
    fn: string,
    args: RpcArgs,
    decode: (answer: Answer) => T,
  ): ResultAsync<T, E | StoreUnavailable> {
    return this.rpc(fn, args).andThen((answer) => {
      try {
        const refusal = refusalOf(answer);
        if (refusal !== null) return errAsync(refusal as E);
        return okAsync(decode(answer as Answer));
      } catch (e) {
        return errAsync(storeFailure("XX000", `${fn}: ${e instanceof Error ? e.message : String(e)}`));
      }
    });
  }

  /** A function call that refuses nothing (any `{"error"}` would be a store failure). */
  read<T>(fn: string, args: RpcArgs, decode: (answer: Answer) => T): ResultAsync<T, StoreUnavailable> {
    return this.call<T, Refusal>(fn, args, decode).mapErr((e) =>
      e.code === "STORE_UNAVAILABLE" ? e : storeFailure(e.code, `${fn}: unexpected refusal`),
    );
  }

  /** The raw answer, refusals included (for callers that read `{"error"}` themselves). */
  raw(fn: string, args: RpcArgs): ResultAsync<unknown, StoreUnavailable> {
    return this.rpc(fn, args);
  }
}
