/**
 * @module sql-notification-settings
 * The domain's `NotificationSettingsStore` over the notification functions (supabase/schemas:
 * notifications): a clinic's settings (the defaults until it saves some) and SMS opt-outs.
 */
import {
  DomainErrors,
  isUuid,
  type NotificationSettings,
  type NotificationSettingsStore,
  type OrgId,
  type StoreUnavailable,
  type UnknownOrg,
} from "@voxanne/domain";
import { errAsync, type ResultAsync } from "neverthrow";
import { z } from "zod";
import { SqlFunctions } from "./function-call.ts";
import { notificationSettings } from "./notification-shapes.ts";
import type { RpcCaller } from "./rpc.ts";

const answer = z.object({ settings: notificationSettings }).transform((a) => a.settings);
const clinics = z.object({ clinics: z.int().nonnegative() }).transform((a) => a.clinics);

export class SqlNotificationSettings implements NotificationSettingsStore {
  private readonly functions: SqlFunctions;

  constructor(rpc: RpcCaller) {
    this.functions = new SqlFunctions(rpc);
  }

  getSettings(orgId: OrgId): ResultAsync<NotificationSettings, UnknownOrg | StoreUnavailable> {
    if (!isUuid(orgId)) return errAsync(DomainErrors.unknownOrg());
    return this.functions.call("get_notification_settings", { p_org_id: orgId }, answer, ["UNKNOWN_ORG"]);
  }

  saveSettings(settings: NotificationSettings): ResultAsync<NotificationSettings, UnknownOrg | StoreUnavailable> {
    if (!isUuid(settings.orgId)) return errAsync(DomainErrors.unknownOrg());
    const { orgId, ...rest } = settings;
    const args = { p_org_id: orgId, p_settings: { ...rest } };
    return this.functions.call("save_notification_settings", args, answer, ["UNKNOWN_ORG"]);
  }

  clinicsSendingFrom(sender: string | null): ResultAsync<NotificationSettings[], StoreUnavailable> {
    return this.functions.call("clinics_sending_from", { p_sender: sender }, z.array(notificationSettings));
  }

  setOptOut(sender: string | null, phone: string, optedOut: boolean): ResultAsync<number, StoreUnavailable> {
    const args = { p_sender: sender, p_phone: phone, p_opted_out: optedOut };
    return this.functions.call("set_notification_opt_out", args, clinics);
  }
}
