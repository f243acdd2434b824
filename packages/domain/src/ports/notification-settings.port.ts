/**
 * @module ports/notification-settings.port
 * Each clinic's notification settings and its patients' SMS opt-outs (STOP / START replies,
 * per clinic and number). Saving stores what the use case validated.
 */
import type { ResultAsync } from "neverthrow";
import type { StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import type { NotificationSettings } from "../notifications/notification-settings.ts";
import type { OrgId } from "../values/org-id.ts";

export interface NotificationSettingsStore {
  /** The clinic's settings (the defaults when it saved none), or `UNKNOWN_ORG`. */
  getSettings(orgId: OrgId): ResultAsync<NotificationSettings, UnknownOrg | StoreUnavailable>;

  /** Replaces the clinic's settings; answers them as stored. */
  saveSettings(settings: NotificationSettings): ResultAsync<NotificationSettings, UnknownOrg | StoreUnavailable>;

  /** The settings of the clinics that send from `sender` (`null`: those without a sender of their own). */
  clinicsSendingFrom(sender: string | null): ResultAsync<NotificationSettings[], StoreUnavailable>;

  /**
   * Marks `phone` opted out (or back in) for the clinics that send from `sender` (`null`: the
   * clinics with no sender of their own, which send from the service's default). How many clinics.
   */
  setOptOut(sender: string | null, phone: string, optedOut: boolean): ResultAsync<number, StoreUnavailable>;
}
