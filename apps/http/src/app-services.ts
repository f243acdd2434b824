/**
 * @module app-services
 * What the HTTP app is given by the composition root: the domain's ports and the few operations
 * of the adapters the routes need (tenant lookup, clinic administration, readiness, Google
 * connect). The app knows these shapes, not which database or calendar is behind them (the
 * Vapi id shapes are the Supabase adapter's, re-exported here).
 */

import type { OutboxSummary, SchemaStatus, VapiIds, VapiLinks } from "@voxanne/adapter-supabase";
import type {
  BookingDeps,
  CalendarIntegration,
  ClinicSettings,
  InvalidInput,
  OrgId,
  StoreUnavailable,
  UnknownOrg,
} from "@voxanne/domain";
import type { ResultAsync } from "neverthrow";
import type { Logger } from "./observability/logger.ts";
import type { Metrics } from "./observability/metrics.ts";
import type { VapiAuthSettings } from "./vapi/vapi-auth.ts";

export interface TenantDirectory {
  /** The org an assistant or a dialled number belongs to (assistant first). */
  orgForVapi(ids: VapiIds): ResultAsync<OrgId, UnknownOrg | StoreUnavailable>;
}

export interface ClinicAdmin {
  listClinics(): ResultAsync<ClinicSettings[], StoreUnavailable>;
  getClinic(orgId: OrgId): ResultAsync<ClinicSettings, UnknownOrg | StoreUnavailable>;
  saveClinic(settings: ClinicSettings): ResultAsync<ClinicSettings, StoreUnavailable>;
  getVapiLinks(orgId: OrgId): ResultAsync<VapiLinks, UnknownOrg | StoreUnavailable>;
  /** Replaces the clinic's assistant and number ids; an id of another clinic is refused. */
  setVapiLinks(orgId: OrgId, links: VapiLinks): ResultAsync<VapiLinks, InvalidInput | UnknownOrg | StoreUnavailable>;
}

export interface ReadinessReport {
  readonly database: "ok" | "unreachable";
  readonly migrations: SchemaStatus | null;
  readonly integrations: readonly Pick<CalendarIntegration, "orgId" | "status" | "statusReason">[];
  readonly outbox: OutboxSummary | null;
  readonly calendar: "google" | "none";
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

/** Why a Google link could not be completed (bad or expired state, no refresh token, …): said to the admin. */
export interface ConnectError {
  readonly code: string;
  readonly message: string;
}

export interface GoogleConnect {
  /** The consent page to send the clinic's admin to. */
  consentUrl(orgId: OrgId): string;
  /** Handles Google's redirect: verifies `state`, stores the tokens, resumes parked syncs. */
  complete(code: string, state: string): ResultAsync<{ orgId: OrgId }, ConnectError>;
}

export interface AppServices {
  readonly deps: BookingDeps;
  readonly tenants: TenantDirectory;
  readonly admin: ClinicAdmin;
  readonly readiness: Readiness;
  readonly google: GoogleConnect | null;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly vapiAuth: VapiAuthSettings;
  /** `null`: the admin API is off. */
  readonly adminToken: string | null;
  readonly publicUrl: string;
  /** Wall-clock milliseconds, for signature freshness (not the booking clock). */
  readonly nowMs: () => number;
}

export type { VapiIds, VapiLinks };
