/**
 * @module sql-connect-attempts
 * The domain's `ConnectAttempts` over the SQL functions on `calendar_connect_attempts` and
 * `calendar_link_accounts` (supabase/schemas: connect attempts), through any carrier (pg, PGlite,
 * supabase-js): an attempt is used by one `UPDATE … RETURNING` (expiry by the database's clock),
 * and a clinic's account is pinned by one `INSERT … ON CONFLICT DO UPDATE … WHERE`.
 */
import {
  type CalendarAccountMismatch,
  type ConnectAttempt,
  type ConnectAttemptProblem,
  type ConnectAttempts,
  type ConnectAttemptUnusable,
  DomainErrors,
  isUuid,
  type NewConnectAttempt,
  type OrgId,
  type StoreUnavailable,
  type UnknownOrg,
} from "@voxanne/domain";
import { err, errAsync, ok, okAsync, type ResultAsync } from "neverthrow";
import { z } from "zod";
import { instant, orgId } from "./answer-shapes.ts";
import { SqlFunctions } from "./function-call.ts";
import type { RpcCaller } from "./rpc.ts";

const attempt = z.object({
  nonce: z.string(),
  orgId,
  expiresAt: instant.transform((d) => d.getTime()),
  linkedAccount: z.string().nullable(),
  switchAccount: z.boolean(),
});
const started = z.object({ attempt }).transform((a): ConnectAttempt => a.attempt);
const consumed = z.union([
  z.object({ attempt }),
  z.object({ error: z.literal("CONNECT_ATTEMPT_UNUSABLE"), problem: z.enum(["used", "expired", "unknown"]) }),
]);
const account = z.object({ account: z.string().nullable() }).transform((a) => a.account);
const pinned = z.union([
  z.object({ pinned: z.literal(true) }),
  z.object({ error: z.literal("CALENDAR_ACCOUNT_MISMATCH"), linkedAccount: z.string() }),
]);

const unusable = (problem: ConnectAttemptProblem): ConnectAttemptUnusable => ({
  code: "CONNECT_ATTEMPT_UNUSABLE",
  message: `connect attempt ${problem}`,
  retryable: false,
  problem,
});

export class SqlConnectAttempts implements ConnectAttempts {
  private readonly functions: SqlFunctions;

  constructor(rpc: RpcCaller) {
    this.functions = new SqlFunctions(rpc);
  }

  /** Records the attempt with the clinic's linked account as it is now; an unknown org is `UNKNOWN_ORG`. */
  start(next: NewConnectAttempt): ResultAsync<ConnectAttempt, UnknownOrg | StoreUnavailable> {
    if (!isUuid(next.orgId)) return errAsync(DomainErrors.unknownOrg());
    return this.functions.call(
      "start_connect_attempt",
      {
        p_nonce: next.nonce,
        p_org_id: next.orgId,
        p_expires_at: new Date(next.expiresAt).toISOString(),
        p_switch_account: next.switchAccount,
      },
      started,
      ["UNKNOWN_ORG"],
    );
  }

  /** Uses the attempt once; used, expired or unknown is `CONNECT_ATTEMPT_UNUSABLE` with the problem. */
  consume(nonce: string): ResultAsync<ConnectAttempt, ConnectAttemptUnusable | StoreUnavailable> {
    return this.functions
      .answer("consume_connect_attempt", { p_nonce: nonce }, consumed)
      .andThen((a) => ("attempt" in a ? ok(a.attempt) : err(unusable(a.problem))));
  }

  linkedAccount(org: OrgId): ResultAsync<string | null, StoreUnavailable> {
    if (!isUuid(org)) return okAsync(null);
    return this.functions.call("linked_calendar_account", { p_org_id: org }, account);
  }

  /** Pins `account` to the attempt's clinic unless it is linked to another one and no switch was asked. */
  pinAccount(
    used: ConnectAttempt,
    pinnedAccount: string,
  ): ResultAsync<void, CalendarAccountMismatch | StoreUnavailable> {
    return this.functions
      .answer(
        "pin_calendar_account",
        {
          p_org_id: used.orgId,
          p_account: pinnedAccount,
          p_linked_account: used.linkedAccount,
          p_switch_account: used.switchAccount,
        },
        pinned,
      )
      .andThen((a) =>
        "pinned" in a
          ? ok(undefined)
          : err<void, CalendarAccountMismatch>({
              code: "CALENDAR_ACCOUNT_MISMATCH",
              message: "the clinic is linked to another account",
              retryable: false,
              linkedAccount: a.linkedAccount,
            }),
      );
  }
}
