/**
 * @module composition/google
 * Google Calendar, when its OAuth client is configured: the token store (refresh tokens
 * encrypted with TOKEN_ENCRYPTION_KEY), the calendar gateway, and the connect flow whose
 * callback also resumes the clinic's parked calendar syncs.
 */
import { hkdfSync } from "node:crypto";
import { GoogleCalendarGateway, GoogleOAuth } from "@voxanne/adapter-google";
import { createTokenCipher } from "@voxanne/adapter-supabase";
import type { IntegrationStore } from "@voxanne/domain";
import type { GoogleConnect } from "../app-services.ts";
import { type Config, ConfigError } from "../config.ts";
import type { Backend } from "./backend.ts";

export interface GoogleWiring {
  readonly gateway: GoogleCalendarGateway;
  readonly integrations: IntegrationStore;
  readonly connect: GoogleConnect;
}

export function connectGoogle(config: Config, backend: Backend, now?: () => Date): GoogleWiring {
  const google = config.google;
  if (google === null) throw new ConfigError("Google is not configured");
  const key = config.tokenEncryptionKey ?? "";
  const cipher = createTokenCipher(key).match(
    (c) => c,
    (e) => {
      throw new ConfigError(`Invalid configuration: TOKEN_ENCRYPTION_KEY: ${e.message}`);
    },
  );
  const integrations = backend.store.integrationStore(cipher);
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
    stateSecret: stateSecretFrom(key),
    ...(now === undefined ? {} : { now }),
  });
  const connect: GoogleConnect = {
    consentUrl: (orgId) => oauth.consentUrl(orgId),
    complete: (code, state) =>
      oauth
        .exchangeCode(code, state)
        .andThen((linked) => backend.store.requeueSyncJobs(linked.orgId).map(() => ({ orgId: linked.orgId }))),
  };
  return { gateway, integrations, connect };
}

/** The OAuth `state` signing key: derived from the encryption key, so there is one secret to keep. */
function stateSecretFrom(key: string): string {
  return Buffer.from(hkdfSync("sha256", key, "voxanne", "oauth-state-signing", 32)).toString("hex");
}
