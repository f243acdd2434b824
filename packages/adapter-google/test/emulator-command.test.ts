import { randomUUID } from "node:crypto";
import { defaultClinicSettings, type OrgId } from "@voxanne/domain";
import { InMemoryConnectAttempts, InMemoryIntegrationStore, MemoryDatabase } from "@voxanne/domain/testing";
import { afterEach, describe, expect, it } from "vitest";
import { GoogleCalendarGateway, GoogleOAuth } from "../src/index.ts";
import { GoogleEmulator } from "../src/testing/index.ts";
import { type EmulatorProcess, printedEnvironment, spawnEmulator } from "./support/emulator-process.ts";
import { appointmentEvent } from "./support/google-world.ts";

describe("pnpm emulator:google: the emulator as a process, for linking a clinic by hand", () => {
  let running: EmulatorProcess | undefined;
  afterEach(() => {
    running?.child.kill("SIGKILL");
    running = undefined;
  });

  it("prints the service's environment; linking and booking with it work; SIGTERM stops it with exit 0", async () => {
    running = spawnEmulator({ EMULATOR_PORT: "0", EMULATOR_CALENDARS: "patel, sam" });
    await running.ready();
    const env = printedEnvironment(running.stdout());
    expect(env.GOOGLE_API_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.PUBLIC_URL).toBe("http://localhost:3000");
    expect(Buffer.from(env.TOKEN_ENCRYPTION_KEY ?? "", "base64")).toHaveLength(32);

    const client = {
      clientId: env.GOOGLE_CLIENT_ID ?? "",
      clientSecret: env.GOOGLE_CLIENT_SECRET ?? "",
      googleBaseUrl: env.GOOGLE_API_BASE_URL ?? "",
    };
    const redirectUri = `${env.PUBLIC_URL}/api/google/callback`;
    const integrations = new InMemoryIntegrationStore();
    const db = new MemoryDatabase();
    const attempts = new InMemoryConnectAttempts(db);
    const oauth = new GoogleOAuth({ ...client, redirectUri, integrations, attempts, stateSecret: "s".repeat(32) });
    const orgId = randomUUID() as OrgId;
    db.putClinic(defaultClinicSettings(orgId, "Emulator Clinic"));
    const consent = await fetch((await oauth.consentUrl(orgId))._unsafeUnwrap(), { redirect: "manual" });
    expect(consent.status).toBe(302);
    const callback = new URL(consent.headers.get("location") ?? "");
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    const code = callback.searchParams.get("code") ?? "";
    const linked = await oauth.exchangeCode(code, callback.searchParams.get("state") ?? "");
    expect(linked._unsafeUnwrap()).toMatchObject({ orgId, status: "active" });

    const gateway = new GoogleCalendarGateway({ ...client, integrations });
    const event = appointmentEvent();
    expect((await gateway.createEvent(orgId, event, { budgetMs: 5_000 })).isOk()).toBe(true);
    // EMULATOR_CALENDARS: the account also has a calendar per practitioner.
    const patel = { ...appointmentEvent(), calendarId: "patel" };
    expect((await gateway.createEvent(orgId, patel, { budgetMs: 5_000 })).isOk()).toBe(true);
    const window = { start: event.start, end: event.end };
    const busy = await gateway.busyTimes(orgId, ["primary", "patel", "sam"], window, { budgetMs: 5_000 });
    expect(busy._unsafeUnwrap()).toEqual({
      primary: [{ start: event.start, end: event.end }],
      patel: [{ start: patel.start, end: patel.end }],
      sam: [],
    });
    expect(running.stdout()).toMatch(/ consent GET \/o\/oauth2\/v2\/auth\n.* exchange POST \/token\n/);
    expect(running.stdout()).toContain(" insert POST /calendar/v3/calendars/primary/events\n");

    running.child.kill("SIGTERM");
    expect(await running.exited()).toEqual({ code: 0, signal: null });
    expect(running.stdout()).toMatch(/SIGTERM: stopping the Google emulator\nstopped\n$/);
    await expect(fetch(`${client.googleBaseUrl}/token`, { method: "POST" })).rejects.toThrow();
  });

  it("refuses a port that is taken, or not a port, with exit 1 and the reason", async () => {
    const squatter = await GoogleEmulator.start();
    try {
      const port = new URL(squatter.baseUrl).port;
      running = spawnEmulator({ EMULATOR_PORT: port });
      expect(await running.exited()).toEqual({ code: 1, signal: null });
      expect(running.stderr()).toContain(`port ${port} on 127.0.0.1 is taken`);
    } finally {
      await squatter.stop();
    }
    running = spawnEmulator({ EMULATOR_PORT: "four-thousand" });
    expect(await running.exited()).toEqual({ code: 1, signal: null });
    expect(running.stderr()).toContain(
      'EMULATOR_PORT must be a port number from 0 to 65535 (0: a free port), not "four-thousand"',
    );
  });
});
