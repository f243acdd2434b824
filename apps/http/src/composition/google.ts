/**
 * @module composition/google
 * Google Calendar, when its OAuth client is configured: the token store (refresh tokens
 * encrypted with TOKEN_ENCRYPTION_KEY), the calendar gateway, and the OAuth connect flow over the
 * connect attempts store (each consent link used once, the clinic's Google account pinned; the
 * domain's `linkCalendar` resumes the clinic's parked syncs after it). The adapter (and googleapis
 * under it) is loaded only when Google is configured, so a start without a calendar never pays
 * for importing it.
 */
import { hkdfSync } from "node:crypto";
import type { GoogleCalendarGateway } from "@voxanne/adapter-google";
import type { SqlStores, TokenCipher } from "@voxanne/adapter-supabase";
import type { CalendarConnect, IntegrationStore } from "@voxanne/domain";
import { type Config, ConfigError } from "../config.ts";

export interface GoogleWiring {
  readonly gateway: GoogleCalendarGateway;
  readonly integrations: IntegrationStore;
  readonly connect: CalendarConnect;
}

/** `cipher` is the one `checkTokenKey` made from TOKEN_ENCRYPTION_KEY before anything was opened. */
export async function connectGoogle(
  config: Config,
  stores: SqlStores,
  cipher: TokenCipher,
  now?: () => Date,
): Promise<GoogleWiring> {
  const google = config.google;
  if (google === null) throw new ConfigError("Google is not configured");
  const { GoogleCalendarGateway, GoogleOAuth } = await import("@voxanne/adapter-google");
  const key = config.tokenEncryptionKey ?? "";
  const integrations = stores.integrations(cipher);
  const client = {
    clientId: google.clientId,
    clientSecret: google.clientSecret,
    redirectUri: google.redirectUri,
    ...(google.apiBaseUrl === null ? {} : { googleBaseUrl: google.apiBaseUrl }),
  };
  const gateway = new GoogleCalendarGateway({
    ...client,
    integrations,
    defaultBudgetMs: config.calendarInlineBudgetMs,
  });
  const oauth = new GoogleOAuth({
    ...client,
    integrations,
    attempts: stores.connectAttempts,
    stateSecret: stateSecretFrom(key),
    ...(now === undefined ? {} : { now }),
  });
  const connect: CalendarConnect = {
    consentUrl: (orgId, options) => oauth.consentUrl(orgId, options),
    complete: (code, state) => oauth.exchangeCode(code, state).map((linked) => ({ orgId: linked.orgId })),
  };
  return { gateway, integrations, connect };
}

/** The OAuth `state` signing key: derived from the encryption key, so there is one secret to keep. */
function stateSecretFrom(key: string): string {
  // The current key only (the first of "new,old" during a rotation), so a rotation does not change it.
  const current = key.split(",")[0]?.trim() ?? key;
  return Buffer.from(hkdfSync("sha256", current, "voxanne", "oauth-state-signing", 32)).toString("hex");
}
