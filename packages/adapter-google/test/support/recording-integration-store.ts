/**
 * @module test/support/recording-integration-store
 * Stands in for the app's IntegrationStore: the domain's in-memory store, recording every call so
 * tests can count token writes and status changes.
 */
import type { CalendarIntegration, CalendarTokens, IntegrationStore, OrgId } from "@voxanne/domain";
import { InMemoryIntegrationStore } from "@voxanne/domain/testing";

type TokenUpdate = Parameters<IntegrationStore["updateTokens"]>[1];

export class RecordingIntegrationStore implements IntegrationStore {
  private readonly inner = new InMemoryIntegrationStore();
  readonly calls = { get: 0, save: 0, updateTokens: 0, markReauthRequired: 0 };
  readonly tokenUpdates: { orgId: OrgId; tokens: TokenUpdate }[] = [];

  get(orgId: OrgId) {
    this.calls.get += 1;
    return this.inner.get(orgId);
  }

  save(integration: Omit<CalendarIntegration, "status" | "statusReason">) {
    this.calls.save += 1;
    return this.inner.save(integration);
  }

  updateTokens(orgId: OrgId, tokens: Omit<CalendarTokens, "refreshToken"> & { readonly refreshToken: string | null }) {
    this.calls.updateTokens += 1;
    this.tokenUpdates.push({ orgId, tokens });
    return this.inner.updateTokens(orgId, tokens);
  }

  markReauthRequired(orgId: OrgId, reason: string) {
    this.calls.markReauthRequired += 1;
    return this.inner.markReauthRequired(orgId, reason);
  }

  list() {
    return this.inner.list();
  }
}
