/**
 * @module twilio-http
 * The official client's HTTP layer, pointed somewhere else when asked: every Twilio host
 * (`https://api.twilio.com`, …) replaced by one base URL (`TWILIO_API_BASE_URL`, the local
 * emulator in tests), the rest of the request untouched. With no base URL it is the client's own.
 */
import twilio from "twilio";

/** `https://api.twilio.com/2010-04-01/…` → `{base}/2010-04-01/…`. */
export function rebase(uri: string, baseUrl: string): string {
  return uri.replace(/^https?:\/\/[^/]+/, baseUrl.replace(/\/+$/, ""));
}

export function twilioHttpClient(baseUrl: string | null, timeoutMs: number): InstanceType<typeof twilio.RequestClient> {
  const client = new twilio.RequestClient({ timeout: timeoutMs, autoRetry: false });
  if (baseUrl === null) return client;
  const send = client.request.bind(client);
  client.request = (opts) => {
    opts.uri = rebase(opts.uri, baseUrl);
    return send(opts);
  };
  return client;
}
