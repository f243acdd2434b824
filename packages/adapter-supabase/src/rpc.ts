/**
 * @module rpc
 * The seam every store goes through: call one SQL function by name with named arguments, get its
 * jsonb answer. Over a SqlClient it is `select fn(p_a => $1, …)`; over supabase-js it is
 * `rpc(fn, args)`. Either way one call is one round trip and one transaction.
 */
import { DomainErrors, type StoreUnavailable } from "@voxanne/domain";
import { ResultAsync } from "neverthrow";
import type { SqlClient, SqlParam } from "./sql-client.ts";

/** Argument values: scalars, or a JSON object or array for a `jsonb` parameter. */
export type RpcValue = SqlParam | { readonly [key: string]: unknown } | readonly unknown[];
export type RpcArgs = Readonly<Record<string, RpcValue>>;

export type RpcCaller = (fn: string, args: RpcArgs) => ResultAsync<unknown, StoreUnavailable>;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** `select public.fn(p_a => $1, p_b => $2) as result`, names checked (they are code, not input). */
export function rpcStatement(fn: string, args: RpcArgs): { sql: string; params: SqlParam[] } {
  const names = Object.keys(args);
  for (const name of [fn, ...names]) {
    if (!IDENTIFIER.test(name)) throw new Error(`not an SQL identifier: ${name}`);
  }
  const list = names.map((n, i) => `${n} => $${i + 1}`).join(", ");
  const params = names.map((n): SqlParam => {
    const v = args[n] ?? null;
    return typeof v === "object" && v !== null ? JSON.stringify(v) : v;
  });
  return { sql: `select public.${fn}(${list}) as result`, params };
}

/** SQLSTATE classes (and socket errors) that say "try again", not "this is a bug". */
export function isTransient(code: string | undefined): boolean {
  if (code === undefined || code === "") return true;
  if (/^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT, ...
  return /^(08|53|57P0|40)/.test(code) || code === "57014";
}

export function storeFailure(code: string | undefined, message: string): StoreUnavailable {
  const cause = code === undefined || code === "" ? message : `${code}: ${message}`;
  return { ...DomainErrors.storeUnavailable(cause), retryable: isTransient(code) };
}

/** An answer this code cannot read, or a refusal it does not expect: a defect, not worth retrying. */
export function defect(fn: string, what: string): StoreUnavailable {
  return { ...DomainErrors.storeUnavailable(`${fn}: ${what}`), retryable: false };
}

/** The function does not exist (not migrated yet): 42883 from Postgres, PGRST202 from PostgREST. */
export function isMissingFunction(e: StoreUnavailable): boolean {
  return /^(42883|PGRST202):/.test(e.cause ?? "");
}

function describe(e: unknown): StoreUnavailable {
  const code = typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : undefined;
  return storeFailure(code, e instanceof Error ? e.message : String(e));
}

export function sqlRpc(client: SqlClient): RpcCaller {
  const run = ResultAsync.fromThrowable(
    async (fn: string, args: RpcArgs) => {
      const { sql, params } = rpcStatement(fn, args);
      const rows = await client.query<{ result: unknown }>(sql, params);
      return rows[0]?.result ?? null;
    },
    (e) => describe(e),
  );
  return (fn, args) => run(fn, args);
}
