/**
 * @module google-config
 * How the adapter reaches Google: the OAuth client credentials and, for tests and local runs, one
 * base URL that stands in for every Google host (an emulator serving the same paths). Builds the
 * `OAuth2Client` every other module uses, with the library's own retries switched off so that the
 * only retries are ours (bounded by the caller's budget).
 */
import { OAuth2Client } from "google-auth-library";

export interface GoogleClientConfig {
  /** OAuth client id from the Google Cloud console. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** The OAuth callback registered with Google (needed for consent and code exchange only). */
  readonly redirectUri?: string;
  /**
   * Replaces every Google host (`www.googleapis.com`, `oauth2.googleapis.com`,
   * `accounts.google.com`), e.g. `http://127.0.0.1:PORT` for the emulator
   * (`@voxanne/adapter-google/testing`), which serves `/calendar/v3/…`, `/token` and
   * `/o/oauth2/v2/auth` under it (`/revoke` is pointed there too; nothing calls it). Absent: real Google.
   */
  readonly googleBaseUrl?: string;
  /** Timeout of one token-endpoint request in ms (default 10 000). */
  readonly tokenTimeoutMs?: number;
}

export const DEFAULT_TOKEN_TIMEOUT_MS = 10_000;

/** The Calendar API root for `calendar({ rootUrl })`; `undefined` means Google's own. */
export function calendarRootUrl(config: GoogleClientConfig): string | undefined {
  return config.googleBaseUrl === undefined ? undefined : `${trimSlash(config.googleBaseUrl)}/`;
}

/** A fresh OAuth client for `config`: endpoints pointed at `googleBaseUrl`, no library retries. */
export function newOAuth2Client(config: GoogleClientConfig, eagerRefreshThresholdMillis?: number): OAuth2Client {
  const base = config.googleBaseUrl === undefined ? undefined : trimSlash(config.googleBaseUrl);
  const client = new OAuth2Client({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.redirectUri === undefined ? {} : { redirectUri: config.redirectUri }),
    ...(base === undefined
      ? {}
      : {
          endpoints: {
            oauth2TokenUrl: `${base}/token`,
            oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`,
            oauth2RevokeUrl: `${base}/revoke`,
          },
        }),
    ...(eagerRefreshThresholdMillis === undefined ? {} : { eagerRefreshThresholdMillis }),
    transporterOptions: { timeout: config.tokenTimeoutMs ?? DEFAULT_TOKEN_TIMEOUT_MS },
  });
  // google-auth-library asks gaxios to retry token requests (3 tries, no jitter) and googleapis
  // asks for GET/DELETE retries; both would run outside our budget, so every request is sent once.
  // A request whose caller's budget ran out while it waited (e.g. on a shared refresh) is not sent
  // at all: node-fetch, given an already-aborted signal and a body, throws outside the promise.
  client.transporter.interceptors.request.add({
    resolved: async (opts) => {
      if (opts.signal?.aborted) throw opts.signal.reason ?? new DOMException("aborted", "AbortError");
      opts.retry = false;
      opts.retryConfig = { ...opts.retryConfig, retry: 0 };
      return opts;
    },
  });
  return client;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
