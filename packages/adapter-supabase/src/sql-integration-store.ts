/**
 * @module sql-integration-store
 * The domain's `IntegrationStore` over the SQL functions on `tenant_integrations`
 * (supabase/schemas: integrations), through any carrier (pg, PGlite,
 * supabase-js). Tokens are encrypted here, before they leave the process, and decrypted on the
 * way back: the database holds only ciphertext, each bound to its org and column.
 */
import {
  type CalendarIntegration,
  type CalendarNotLinked,
  type CalendarTokens,
  DomainErrors,
  type IntegrationStore,
  isUuid,
  type OrgId,
  type StoreUnavailable,
} from "@voxanne/domain";
import { errAsync, ok, Result, type ResultAsync } from "neverthrow";
import { z } from "zod";
import { type SealedIntegration, sealedIntegration } from "./answer-shapes.ts";
import { SqlFunctions } from "./function-call.ts";
import { type RpcCaller, storeFailure } from "./rpc.ts";
import type { TokenCipher } from "./token-cipher.ts";

type Linking = Omit<CalendarIntegration, "status" | "statusReason">;
type RefreshedTokens = Omit<CalendarTokens, "refreshToken"> & { readonly refreshToken: string | null };

const linked = z.object({ integration: sealedIntegration }).transform((a) => a.integration);
const updated = z.object({ updated: z.literal(true) }).transform(() => undefined);

/** What a ciphertext is bound to: the org and the column, so it decrypts nowhere else. */
const context = (orgId: OrgId, column: "access_token" | "refresh_token") => `tenant_integrations:${orgId}:${column}`;
const instant = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class SqlIntegrationStore implements IntegrationStore {
  private readonly functions: SqlFunctions;
  private readonly cipher: TokenCipher;

  constructor(rpc: RpcCaller, cipher: TokenCipher) {
    this.functions = new SqlFunctions(rpc);
    this.cipher = cipher;
  }

  /** The org's calendar link with its tokens in the clear, or `CALENDAR_NOT_LINKED`. */
  get(orgId: OrgId): ResultAsync<CalendarIntegration, CalendarNotLinked | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.calendarNotLinked());
    return this.functions
      .call("get_integration", { p_org_id: orgId }, linked, ["CALENDAR_NOT_LINKED"])
      .andThen((row) => this.open(row));
  }

  /** Links (or relinks) a calendar: active, no reason. An unknown org is a non-retryable store failure. */
  save(integration: Linking): ResultAsync<CalendarIntegration, StoreUnavailable> {
    const { orgId, tokens } = integration;
    const unknown = () => storeFailure("UNKNOWN_ORG", `no clinic ${orgId}`);
    if (!isUuid(orgId)) return errAsync(unknown());
    return this.functions
      .call(
        "save_integration",
        {
          p_org_id: orgId,
          p_provider: integration.provider,
          p_calendar_id: integration.calendarId,
          p_access_token_encrypted: this.seal(orgId, "access_token", tokens.accessToken),
          p_refresh_token_encrypted: this.seal(orgId, "refresh_token", tokens.refreshToken),
          p_expires_at: instant(tokens.expiresAt),
          p_scope: tokens.scope,
        },
        linked,
        ["UNKNOWN_ORG"],
      )
      .mapErr((e) => (e.code === "UNKNOWN_ORG" ? unknown() : e))
      .andThen((row) => this.open(row));
  }

  /** Stores refreshed tokens; a `null` refresh token keeps the stored one. The status is unchanged. */
  updateTokens(orgId: OrgId, tokens: RefreshedTokens): ResultAsync<void, CalendarNotLinked | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.calendarNotLinked());
    return this.functions.call(
      "update_integration_tokens",
      {
        p_org_id: orgId,
        p_access_token_encrypted: this.seal(orgId, "access_token", tokens.accessToken),
        p_refresh_token_encrypted: this.seal(orgId, "refresh_token", tokens.refreshToken),
        p_expires_at: instant(tokens.expiresAt),
        p_scope: tokens.scope,
      },
      updated,
      ["CALENDAR_NOT_LINKED"],
    );
  }

  /** Marks the link `reauth_required` with the reason; nobody refreshes it until it is saved again. */
  markReauthRequired(orgId: OrgId, reason: string): ResultAsync<void, CalendarNotLinked | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.calendarNotLinked());
    return this.functions.call("mark_integration_reauth_required", { p_org_id: orgId, p_reason: reason }, updated, [
      "CALENDAR_NOT_LINKED",
    ]);
  }

  /** Every link (ordered by org); one unreadable token fails the whole list, naming its org. */
  list(): ResultAsync<CalendarIntegration[], StoreUnavailable> {
    return this.functions
      .call("list_integrations", {}, z.array(sealedIntegration))
      .andThen((rows) => Result.combine(rows.map((row) => this.open(row))));
  }

  private seal(orgId: OrgId, column: "access_token" | "refresh_token", token: string): string;
  private seal(orgId: OrgId, column: "access_token" | "refresh_token", token: string | null): string | null;
  private seal(orgId: OrgId, column: "access_token" | "refresh_token", token: string | null): string | null {
    return token === null ? null : this.cipher.encrypt(token, context(orgId, column));
  }

  private unseal(
    row: SealedIntegration,
    column: "access_token" | "refresh_token",
    stored: string,
  ): Result<string, StoreUnavailable> {
    return this.cipher
      .decrypt(stored, context(row.orgId, column))
      .mapErr((e) => ({ ...e, cause: `${column} of org ${row.orgId}: ${e.cause ?? "unreadable"}` }));
  }

  private open(row: SealedIntegration): Result<CalendarIntegration, StoreUnavailable> {
    const access: Result<string | null, StoreUnavailable> =
      row.accessTokenEncrypted === null ? ok(null) : this.unseal(row, "access_token", row.accessTokenEncrypted);
    return access.andThen((accessToken) =>
      this.unseal(row, "refresh_token", row.refreshTokenEncrypted).map(
        (refreshToken): CalendarIntegration => ({
          orgId: row.orgId,
          provider: row.provider,
          calendarId: row.calendarId,
          status: row.status,
          statusReason: row.statusReason,
          tokens: {
            accessToken,
            refreshToken,
            expiresAt: row.expiresAt === null ? null : row.expiresAt.getTime(),
            scope: row.scope,
          },
        }),
      ),
    );
  }
}
