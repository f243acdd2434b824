/**
 * @module testing/in-memory-notification-settings
 * Clinics' notification settings and opt-outs in memory (`notification_settings`,
 * `notification_opt_outs`), in the in-memory database's transactions.
 */
import type { ResultAsync } from "neverthrow";
import { DomainErrors, type StoreUnavailable, type UnknownOrg } from "../errors/domain-error.ts";
import { defaultNotificationSettings, type NotificationSettings } from "../notifications/notification-settings.ts";
import type { NotificationSettingsStore } from "../ports/notification-settings.port.ts";
import type { OrgId } from "../values/org-id.ts";
import { atomicAsync, Refused } from "./atomic.ts";
import type { MemoryDatabase } from "./memory-database.ts";
import { optOutKey } from "./notification-tables.ts";

export class InMemoryNotificationSettings implements NotificationSettingsStore {
  private readonly db: MemoryDatabase;

  constructor(db: MemoryDatabase) {
    this.db = db;
  }

  getSettings(orgId: OrgId): ResultAsync<NotificationSettings, UnknownOrg | StoreUnavailable> {
    return atomicAsync<NotificationSettings, UnknownOrg>(this.db, () => {
      if (this.db.clinic(orgId) === undefined) throw new Refused(DomainErrors.unknownOrg());
      return this.db.notifications().settings.get(orgId) ?? defaultNotificationSettings(orgId);
    });
  }

  saveSettings(settings: NotificationSettings): ResultAsync<NotificationSettings, UnknownOrg | StoreUnavailable> {
    return atomicAsync<NotificationSettings, UnknownOrg>(this.db, () => {
      if (this.db.clinic(settings.orgId) === undefined) throw new Refused(DomainErrors.unknownOrg());
      const t = this.db.notifications();
      this.db.setNotifications({ ...t, settings: new Map(t.settings).set(settings.orgId, settings) });
      return settings;
    });
  }

  clinicsSendingFrom(sender: string | null): ResultAsync<NotificationSettings[], StoreUnavailable> {
    return atomicAsync(this.db, () =>
      this.db
        .allClinics()
        .map((c) => this.db.notifications().settings.get(c.orgId) ?? defaultNotificationSettings(c.orgId))
        .filter((s) => s.sender === sender)
        .sort((a, b) => a.orgId.localeCompare(b.orgId)),
    );
  }

  setOptOut(sender: string | null, phone: string, optedOut: boolean): ResultAsync<number, StoreUnavailable> {
    return atomicAsync(this.db, () => {
      const t = this.db.notifications();
      const orgs = this.db
        .allClinics()
        .map((c) => c.orgId)
        .filter((org) => (t.settings.get(org)?.sender ?? null) === sender);
      const optOuts = new Set(t.optOuts);
      for (const org of orgs) {
        if (optedOut) optOuts.add(optOutKey(org, phone));
        else optOuts.delete(optOutKey(org, phone));
      }
      this.db.setNotifications({ ...t, optOuts });
      return orgs.length;
    });
  }
}
