/**
 * @module app-services
 * What the HTTP app is given by the composition root: the domain's ports (and the settings the
 * edge needs). The app knows these shapes, never which database or calendar is behind them:
 * delivery code imports `@voxanne/domain`, not an adapter (checked by `pnpm deps:check`).
 */
import type {
  BookingDeps,
  ClinicCatalog,
  ClinicDirectory,
  LinkCalendarDeps,
  ReadinessDeps,
  SettingsCacheControl,
  TenantDirectory,
} from "@voxanne/domain";
import type { NotificationServices } from "./notifications/notification-services.ts";
import type { Logger } from "./observability/logger.ts";
import type { Metrics } from "./observability/metrics.ts";
import type { VapiAuthSettings } from "./vapi/vapi-auth.ts";

export interface AppServices {
  /** The use cases' ports: booking store, clinic directory, clock, ids, calendar. */
  readonly deps: BookingDeps;
  readonly tenants: TenantDirectory;
  readonly clinics: ClinicDirectory;
  /** The clinics' practitioners, services and booking policies. */
  readonly catalog: ClinicCatalog;
  /** The cache behind `tenants`, `clinics` and `deps.clinics`: told when a booking finds a clinic's settings changed. */
  readonly settings: SettingsCacheControl;
  readonly readiness: ReadinessDeps;
  /** `null`: no calendar provider is configured, so there is nothing to link. */
  readonly calendarLink: LinkCalendarDeps | null;
  /** Patient notifications: the outbox, the clinics' settings, Twilio's webhooks when SMS is configured. */
  readonly notifications: NotificationServices;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly vapiAuth: VapiAuthSettings;
  /** Whether `assistant.metadata.org_id` / `customer.metadata.org_id` may name the clinic when no mapping matches. */
  readonly allowMetadataTenant: boolean;
  /** `null`: the admin API is off. */
  readonly adminToken: string | null;
  readonly publicUrl: string;
  /** Wall-clock milliseconds, for signature freshness (not the booking clock). */
  readonly nowMs: () => number;
}
