/**
 * @module supabase-rpc
 * The `RpcCaller` over supabase-js: every call is `rpc(fn, args)`, i.e. `POST /rest/v1/rpc/fn`,
 * one PostgREST request, one transaction. supabase-js never throws here: `{ error }` carries the
 * SQLSTATE (or a PGRST code) in `code`, and a network failure comes back as `status: 0`.
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import type { StoreUnavailable } from "@voxanne/domain";
import { errAsync, okAsync, ResultAsync } from "neverthrow";
import { isTransient, type RpcArgs, type RpcCaller, storeFailure } from "./rpc.ts";

export interface SupabaseOptions {
  readonly url: string;
  /** The service-role (`sb_secret_…`) key: server only; it bypasses Row Level Security. */
  readonly key: string;
  /** Every request goes through it (a seam for tests and instrumentation). */
  readonly fetch?: typeof fetch;
  /**
   * Each request is aborted after this long (`AbortSignal.timeout`): a PostgREST that accepts and
   * never answers is a retryable STORE_UNAVAILABLE (status 0), not a call that hangs.
   */
  readonly timeoutMs?: number | undefined;
}

interface RpcFailure {
  readonly code?: string;
  readonly message?: string;
}

/** Network (status 0), gateway, PostgREST connection (PGRST00x) and transient SQLSTATEs are retryable. */
function supabaseFailure(error: RpcFailure, status: number): StoreUnavailable {
  const code = error.code ?? "";
  const failure = storeFailure(code, `${error.message ?? "request failed"} (HTTP ${status})`);
  const retryable = status === 0 || status === 503 || status === 504 || /^PGRST00/.test(code) || isTransient(code);
  return { ...failure, retryable };
}

// biome-ignore lint/suspicious/noExplicitAny: functions are called by name; no generated Database type
type AnyClient = SupabaseClient<any, "public", any>;

function rpcOver(client: () => Promise<AnyClient>): RpcCaller {
  const send = ResultAsync.fromThrowable(
    async (fn: string, args: RpcArgs) => await (await client()).rpc(fn, args),
    (e) => storeFailure("", e instanceof Error ? e.message : String(e)),
  );
  return (fn, args) =>
    send(fn, args).andThen(({ data, error, status }) =>
      error === null ? okAsync<unknown, StoreUnavailable>(data) : errAsync(supabaseFailure(error, status)),
    );
}

/** `fetch` whose every request is aborted after `ms`, besides any signal the caller gave. */
export function fetchWithTimeout(base: typeof fetch, ms: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal == null ? timeout : AbortSignal.any([init.signal, timeout]);
    return base(input, { ...init, signal });
  };
}

function fetchOf(options: SupabaseOptions): typeof fetch | undefined {
  if (options.timeoutMs === undefined) return options.fetch;
  return fetchWithTimeout(options.fetch ?? globalThis.fetch, options.timeoutMs);
}

/**
 * A supabase-js client (no session: a server-side service key) and the `RpcCaller` over it. The
 * client is made at the first call, supabase-js loaded then: a service on another carrier never
 * holds its code in memory.
 */
export function supabaseRpc(options: SupabaseOptions): RpcCaller {
  const fetch = fetchOf(options);
  let client: Promise<AnyClient> | undefined;
  const made = () => {
    client ??= import("@supabase/supabase-js").then(({ createClient }) =>
      createClient(options.url, options.key, {
        auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
        ...(fetch === undefined ? {} : { global: { fetch } }),
      }),
    );
    return client;
  };
  return rpcOver(made);
}
