/**
 * @module sql-integration-store
 * The domain's `IntegrationStore` over the SQL functions on `tenant_integrations`
 * (supabase/schemas: integrations), through any carrier (pg, PGlite,
 * supabase-js). Tokens are encrypted here, before they leave the process, and decrypted on the
 * way back: the database holds only ciphertext, each bound to its org and column. Key rotation:
 * the cipher reads with the current or a previous key and writes with the current one; saving
 * and refreshing re-encrypt a link as they go (a kept refresh token too), `rotateKeys` does the
 * rest, each link in a compare-and-set so a refresh written meanwhile is never overwritten.
 */
import {
  type CalendarIntegration,
  type CalendarNotLinked,
  type CalendarTokens,
  DomainErrors,
  type IntegrationStore,
  isUuid,
  type KeyRotationReport,
  type OrgId,
  type StoreUnavailable,
  type TokenKeyState,
  type TokenKeyUsage,
} from "@voxanne/domain";
import { err, errAsync, ok, okAsync, Result, ResultAsync } from "neverthrow";
import { z } from "zod";
import { type SealedIntegration, sealedIntegration } from "./answer-shapes.ts";
import { SqlFunctions } from "./function-call.ts";
import { type RpcCaller, storeFailure } from "./rpc.ts";
import type { TokenCipher } from "./token-cipher.ts";

type Linking = Omit<CalendarIntegration, "status" | "statusReason">;
type RefreshedTokens = Omit<CalendarTokens, "refreshToken"> & { readonly refreshToken: string | null };

const linked = z.object({ integration: sealedIntegration }).transform((a) => a.integration);
const updated = z.object({ updated: z.literal(true) }).transform(() => undefined);
const refreshed = z
  .object({ updated: z.literal(true), refreshTokenEncrypted: z.string() })
  .transform((a) => a.refreshTokenEncrypted);
const resealed = z.object({ resealed: z.boolean() }).transform((a) => a.resealed);

/** How often `rotateKeys` re-reads a link that a refresh rewrote under it before leaving it for the next run. */
const RESEAL_ATTEMPTS = 3;

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

  /**
   * Stores refreshed tokens; a `null` refresh token keeps the stored one, re-encrypted with the
   * current key when it was on a previous one. The status is unchanged.
   */
  updateTokens(orgId: OrgId, tokens: RefreshedTokens): ResultAsync<void, CalendarNotLinked | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.calendarNotLinked());
    const access = this.seal(orgId, "access_token", tokens.accessToken);
    return this.functions
      .call(
        "update_integration_tokens",
        {
          p_org_id: orgId,
          p_access_token_encrypted: access,
          p_refresh_token_encrypted: this.seal(orgId, "refresh_token", tokens.refreshToken),
          p_expires_at: instant(tokens.expiresAt),
          p_scope: tokens.scope,
        },
        refreshed,
        ["CALENDAR_NOT_LINKED"],
      )
      .andThen((storedRefresh) =>
        this.cipher.isCurrent(storedRefresh) ? okAsync(undefined) : this.resealKept(orgId, access, storedRefresh),
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
    return this.sealedLinks().andThen((rows) => Result.combine(rows.map((row) => this.open(row))));
  }

  /** Which key each link's tokens are sealed with (each token decrypted, to tell a lost key from a previous one). */
  keyUsage(): ResultAsync<TokenKeyUsage[], StoreUnavailable> {
    return this.sealedLinks().map((rows) => rows.map((row) => ({ orgId: row.orgId, key: this.keyState(row) })));
  }

  /** Re-encrypts, link by link, every link on a previous key; see the port. */
  rotateKeys(): ResultAsync<KeyRotationReport, StoreUnavailable> {
    return this.sealedLinks().andThen((rows) => new ResultAsync(this.rotateAll(rows)));
  }

  private async rotateAll(rows: readonly SealedIntegration[]): Promise<Result<KeyRotationReport, StoreUnavailable>> {
    const report = { resealed: [] as OrgId[], alreadyCurrent: [] as OrgId[], unreadable: [] as OrgId[] };
    for (const row of rows) {
      const outcome = await this.rotateOne(row);
      if (outcome.isErr()) return err(outcome.error);
      const into = { current: report.alreadyCurrent, resealed: report.resealed, unreadable: report.unreadable };
      if (outcome.value !== null) into[outcome.value].push(row.orgId);
    }
    return ok(report);
  }

  /** One link onto the current key: what it was, or `null` when it kept changing (the next run takes it). */
  private async rotateOne(
    first: SealedIntegration,
  ): Promise<Result<"current" | "resealed" | "unreadable" | null, StoreUnavailable>> {
    let row: SealedIntegration | null = first;
    for (let attempt = 0; attempt < RESEAL_ATTEMPTS && row !== null; attempt++) {
      const state = this.keyState(row);
      if (state !== "previous") return ok(state);
      const done = await this.reseal(row);
      if (done.isErr()) return err(done.error);
      if (done.value) return ok("resealed");
      const again = await this.sealedLink(row.orgId);
      if (again.isErr()) return err(again.error);
      row = again.value;
    }
    return ok(null);
  }

  /** The row's tokens under the current key, unless the row changed since it was read. */
  private reseal(row: SealedIntegration): ResultAsync<boolean, StoreUnavailable> {
    const access = row.accessTokenEncrypted;
    const accessToken = access === null ? ok(null) : this.unseal(row, "access_token", access);
    const refreshToken = this.unseal(row, "refresh_token", row.refreshTokenEncrypted);
    if (accessToken.isErr() || refreshToken.isErr()) return okAsync(false);
    return this.functions.call(
      "reseal_integration_tokens",
      {
        p_org_id: row.orgId,
        p_read_access: access,
        p_read_refresh: row.refreshTokenEncrypted,
        p_access_token_encrypted: this.seal(row.orgId, "access_token", accessToken.value),
        p_refresh_token_encrypted: this.seal(row.orgId, "refresh_token", refreshToken.value),
      },
      resealed,
    );
  }

  /**
   * After a refresh that kept a refresh token sealed with a previous key: that token re-encrypted.
   * The refresh itself is stored either way, so a failure here is not the refresh's: the link stays
   * on the previous key, which `keyUsage` reports and `rotateKeys` finishes.
   */
  private resealKept(orgId: OrgId, access: string | null, storedRefresh: string): ResultAsync<void, never> {
    const row = { orgId, accessTokenEncrypted: access, refreshTokenEncrypted: storedRefresh };
    return this.unseal(row, "refresh_token", storedRefresh)
      .asyncAndThen((refreshToken) =>
        this.functions.call(
          "reseal_integration_tokens",
          {
            p_org_id: orgId,
            p_read_access: access,
            p_read_refresh: storedRefresh,
            p_access_token_encrypted: access,
            p_refresh_token_encrypted: this.seal(orgId, "refresh_token", refreshToken),
          },
          resealed,
        ),
      )
      .map(() => undefined)
      .orElse(() => okAsync(undefined));
  }

  private keyState(
    row: Pick<SealedIntegration, "orgId" | "accessTokenEncrypted" | "refreshTokenEncrypted">,
  ): TokenKeyState {
    const sealed = [
      ["access_token", row.accessTokenEncrypted],
      ["refresh_token", row.refreshTokenEncrypted],
    ] as const;
    let current = true;
    for (const [column, stored] of sealed) {
      if (stored === null) continue;
      if (this.unseal(row, column, stored).isErr()) return "unreadable";
      current &&= this.cipher.isCurrent(stored);
    }
    return current ? "current" : "previous";
  }

  private sealedLinks(): ResultAsync<SealedIntegration[], StoreUnavailable> {
    return this.functions.call("list_integrations", {}, z.array(sealedIntegration));
  }

  /** The org's row as stored; `null` when it is no longer linked. */
  private sealedLink(orgId: OrgId): ResultAsync<SealedIntegration | null, StoreUnavailable> {
    return this.functions
      .call("get_integration", { p_org_id: orgId }, linked, ["CALENDAR_NOT_LINKED"])
      .orElse((e) => (e.code === "CALENDAR_NOT_LINKED" ? okAsync(null) : errAsync(e)));
  }

  private seal(orgId: OrgId, column: "access_token" | "refresh_token", token: string): string;
  private seal(orgId: OrgId, column: "access_token" | "refresh_token", token: string | null): string | null;
  private seal(orgId: OrgId, column: "access_token" | "refresh_token", token: string | null): string | null {
    return token === null ? null : this.cipher.encrypt(token, context(orgId, column));
  }

  private unseal(
    row: Pick<SealedIntegration, "orgId">,
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
