/**
 * @module testing/in-memory-integration-store
 * Calendar links and tokens in memory. Like the SQL store it has encryption keys, by name: each
 * link remembers the key it was written with, `withKeys` opens the same links with other keys (a
 * restart with another TOKEN_ENCRYPTION_KEY), and a link whose key is not among them is unreadable.
 * Given the `MemoryDatabase` of the other twins, a saved link is a `tenant_integrations` row there
 * too, so the outbox takes the clinic's calendar jobs (`MemoryDatabase.linkCalendar`).
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { type CalendarNotLinked, DomainErrors, type StoreUnavailable } from "../errors/domain-error.ts";
import type {
  CalendarIntegration,
  CalendarTokens,
  IntegrationStore,
  KeyRotationReport,
  TokenKeyState,
  TokenKeyUsage,
} from "../ports/integration-store.port.ts";
import type { OrgId } from "../values/org-id.ts";
import type { MemoryDatabase } from "./memory-database.ts";

interface Sealed {
  readonly link: CalendarIntegration;
  /** The name of the key the tokens were written with. */
  readonly key: string;
}

const unreadable = (orgId: OrgId): StoreUnavailable => ({
  ...DomainErrors.storeUnavailable(`stored token unreadable: tokens of org ${orgId} (another TOKEN_ENCRYPTION_KEY)`),
  retryable: false,
});

export interface InMemoryIntegrationStoreOptions {
  readonly keys?: readonly [string, ...string[]];
  readonly database?: MemoryDatabase;
}

export class InMemoryIntegrationStore implements IntegrationStore {
  private readonly links: Map<OrgId, Sealed>;
  private readonly keys: readonly [string, ...string[]];
  private readonly database: MemoryDatabase | undefined;

  /**
   * `keys`: key names, the current one first (default one key, `"k1"`); `database`: the other
   * twins' tables, told of every link saved.
   */
  constructor(options: InMemoryIntegrationStoreOptions = {}, links = new Map<OrgId, Sealed>()) {
    this.keys = options.keys ?? ["k1"];
    this.database = options.database;
    this.links = links;
  }

  /** The same links, read and written with other keys (the current one first). */
  withKeys(keys: readonly [string, ...string[]]): InMemoryIntegrationStore {
    return new InMemoryIntegrationStore(
      this.database === undefined ? { keys } : { keys, database: this.database },
      this.links,
    );
  }

  get(orgId: OrgId): ResultAsync<CalendarIntegration, CalendarNotLinked | StoreUnavailable> {
    const found = this.links.get(orgId);
    if (found === undefined) return errAsync(DomainErrors.calendarNotLinked());
    return this.keys.includes(found.key) ? okAsync(found.link) : errAsync(unreadable(orgId));
  }

  save(
    integration: Omit<CalendarIntegration, "status" | "statusReason">,
  ): ResultAsync<CalendarIntegration, StoreUnavailable> {
    const saved: CalendarIntegration = { ...integration, status: "active", statusReason: null };
    this.seal(saved);
    this.database?.linkCalendar(integration.orgId);
    return okAsync(saved);
  }

  updateTokens(
    orgId: OrgId,
    tokens: Omit<CalendarTokens, "refreshToken"> & { readonly refreshToken: string | null },
  ): ResultAsync<void, CalendarNotLinked | StoreUnavailable> {
    return this.get(orgId).map((current) => {
      const refreshToken = tokens.refreshToken ?? current.tokens.refreshToken;
      this.seal({ ...current, tokens: { ...tokens, refreshToken } });
    });
  }

  markReauthRequired(orgId: OrgId, reason: string): ResultAsync<void, CalendarNotLinked | StoreUnavailable> {
    const found = this.links.get(orgId);
    if (found === undefined) return errAsync(DomainErrors.calendarNotLinked());
    this.links.set(orgId, { ...found, link: { ...found.link, status: "reauth_required", statusReason: reason } });
    return okAsync(undefined);
  }

  list(): ResultAsync<CalendarIntegration[], StoreUnavailable> {
    const sealed = [...this.links.values()];
    const lost = sealed.find((s) => !this.keys.includes(s.key));
    return lost === undefined ? okAsync(sealed.map((s) => s.link)) : errAsync(unreadable(lost.link.orgId));
  }

  keyUsage(): ResultAsync<TokenKeyUsage[], StoreUnavailable> {
    return okAsync(this.sorted().map((s) => ({ orgId: s.link.orgId, key: this.stateOf(s) })));
  }

  rotateKeys(): ResultAsync<KeyRotationReport, StoreUnavailable> {
    const report = { resealed: [] as OrgId[], alreadyCurrent: [] as OrgId[], unreadable: [] as OrgId[] };
    for (const sealed of this.sorted()) {
      const state = this.stateOf(sealed);
      if (state === "previous") this.seal(sealed.link);
      const into = { current: report.alreadyCurrent, previous: report.resealed, unreadable: report.unreadable };
      into[state].push(sealed.link.orgId);
    }
    return okAsync(report);
  }

  /** Writes the link with the current key. */
  private seal(link: CalendarIntegration): void {
    this.links.set(link.orgId, { link, key: this.keys[0] });
  }

  private stateOf(sealed: Sealed): TokenKeyState {
    if (sealed.key === this.keys[0]) return "current";
    return this.keys.includes(sealed.key) ? "previous" : "unreadable";
  }

  private sorted(): Sealed[] {
    return [...this.links.values()].sort((a, b) => a.link.orgId.localeCompare(b.link.orgId));
  }
}
