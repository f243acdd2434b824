/**
 * @module drills/google-link
 * A service pointed at the Google emulator (its OAuth client, a token key, a short inline budget)
 * and a clinic linked through the real flow: the admin route starts the link, the clinic consents
 * at the emulator, the emulator redirects to the service's callback.
 */
import { randomBytes } from "node:crypto";
import { EMULATOR_CLIENT, type GoogleEmulator } from "@voxanne/adapter-google/testing";
import type { Running } from "../test/support/live-server.ts";
import { ADMIN_TOKEN } from "./service.ts";

const INLINE_BUDGET_MS = 500;

/** The environment that points the service at `google`. */
export const googleEnv = (google: GoogleEmulator): Record<string, string> => ({
  GOOGLE_CLIENT_ID: EMULATOR_CLIENT.clientId,
  GOOGLE_CLIENT_SECRET: EMULATOR_CLIENT.clientSecret,
  GOOGLE_API_BASE_URL: google.baseUrl,
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
  CALENDAR_INLINE_BUDGET_MS: String(INLINE_BUDGET_MS),
});

/** Links the clinic `orgId` of the service `running` to the emulator's account. */
export async function linkClinic(running: Running, orgId: string): Promise<void> {
  const started = await fetch(`${running.url}/api/admin/clinics/${orgId}/google/connect`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  if (started.status !== 200) throw new Error(`google connect: ${started.status} ${await started.text()}`);
  const { url } = (await started.json()) as { url: string };
  const consent = await fetch(url, { redirect: "manual" });
  const back = new URL(consent.headers.get("location") ?? "");
  const linked = await fetch(`${running.url}${back.pathname}${back.search}`);
  if (linked.status !== 200) throw new Error(`google callback: ${linked.status} ${await linked.text()}`);
}
