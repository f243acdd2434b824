/** @module testing/in-memory-integration-store  Calendar links and tokens in memory. */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import { type CalendarNotLinked, DomainErrors, type StoreUnavailable } from "../errors/domain-error.ts";
import type { CalendarIntegration, CalendarTokens, IntegrationStore } from "../ports/integration-store.port.ts";
import type { OrgId } from "../values/org-id.ts";

export class InMemoryIntegrationStore implements IntegrationStore {
  private readonly links = new Map<OrgId, CalendarIntegration>();

  get(orgId: OrgId): ResultAsync<CalendarIntegration, CalendarNotLinked | StoreUnavailable> {
    const found = this.links.get(orgId);
    return found === undefined ? errAsync(DomainErrors.calendarNotLinked()) : okAsync(found);
  }

  save(
    integration: Omit<CalendarIntegration, "status" | "statusReason">,
  ): ResultAsync<CalendarIntegration, StoreUnavailable> {
    const saved: CalendarIntegration = { ...integration, status: "active", statusReason: null };
    this.links.set(integration.orgId, saved);
    return okAsync(saved);
  }

  updateTokens(
    orgId: OrgId,
    tokens: Omit<CalendarTokens, "refreshToken"> & { readonly refreshToken: string | null },
  ): ResultAsync<void, CalendarNotLinked | StoreUnavailable> {
    return this.get(orgId).map((current) => {
      const refreshToken = tokens.refreshToken ?? current.tokens.refreshToken;
      this.links.set(orgId, { ...current, tokens: { ...tokens, refreshToken } });
    });
  }

  markReauthRequired(orgId: OrgId, reason: string): ResultAsync<void, CalendarNotLinked | StoreUnavailable> {
    return this.get(orgId).map((current) => {
      this.links.set(orgId, { ...current, status: "reauth_required", statusReason: reason });
    });
  }

  list(): ResultAsync<CalendarIntegration[], StoreUnavailable> {
    return okAsync([...this.links.values()]);
  }
}
