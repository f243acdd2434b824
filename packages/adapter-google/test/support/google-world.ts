/**
 * @module test/support/google-world
 * A gateway on the emulator and orgs linked to it: each org gets its own Google account (so its
 * `primary` calendar is its own) and a grant saved in the integration store.
 */
import { randomUUID } from "node:crypto";
import { type CalendarEvent, calendarEventIdFor, type OrgId } from "@voxanne/domain";
import type { HeldEvent } from "@voxanne/domain/testing";
import { afterAll, beforeAll } from "vitest";
import { GoogleCalendarGateway, type GoogleCalendarGatewayOptions } from "../../src/index.ts";
import { EMULATOR_CLIENT, GoogleEmulator, type Grant } from "../../src/testing/index.ts";
import { RecordingIntegrationStore } from "./recording-integration-store.ts";

export interface GoogleWorld {
  readonly emulator: GoogleEmulator;
  readonly store: RecordingIntegrationStore;
  readonly gateway: GoogleCalendarGateway;
}

/** A gateway over a fresh recording store, pointed at the emulator, with no real backoff waits. */
export function googleWorld(
  emulator: GoogleEmulator,
  options: Partial<Omit<GoogleCalendarGatewayOptions, "integrations">> = {},
): GoogleWorld {
  const store = new RecordingIntegrationStore();
  const gateway = new GoogleCalendarGateway({
    ...EMULATOR_CLIENT,
    googleBaseUrl: emulator.baseUrl,
    integrations: store,
    ...options,
  });
  return { emulator, store, gateway };
}

/** Starts an emulator and a world on it before the suite's tests, stops it after; read it inside tests. */
export function useGoogleWorld(options: Partial<Omit<GoogleCalendarGatewayOptions, "integrations">> = {}) {
  let world: GoogleWorld | undefined;
  beforeAll(async () => {
    world = googleWorld(await GoogleEmulator.start(), options);
  });
  afterAll(() => world?.emulator.stop());
  return (): GoogleWorld => {
    if (world === undefined) throw new Error("the Google world starts in beforeAll");
    return world;
  };
}

export interface LinkedOrg {
  readonly orgId: OrgId;
  readonly grant: Grant;
}

/** A new org linked to a new Google account; its access token expires in `expiresInMs` (default 1 h). */
export async function linkOrg(world: GoogleWorld, options: { expiresInMs?: number } = {}): Promise<LinkedOrg> {
  const orgId = randomUUID() as OrgId;
  const grant = world.emulator.accounts.grant(
    options.expiresInMs === undefined ? {} : { expiresInMs: options.expiresInMs },
  );
  const saved = await world.store.save({
    orgId,
    provider: "google",
    calendarId: "primary",
    tokens: {
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken,
      expiresAt: grant.expiresAt,
      scope: grant.scope,
    },
  });
  if (saved.isErr()) throw new Error(saved.error.message);
  return { orgId, grant };
}

/** What the emulator holds in the account's calendar, as the contract reads it. */
export function heldEvents(emulator: GoogleEmulator, account: string, calendarId = "primary"): HeldEvent[] {
  return emulator.calendars.events(account, calendarId).map((e) => ({
    eventId: e.id,
    status: e.status === "cancelled" ? "cancelled" : "confirmed",
    start: new Date(e.start.dateTime),
    end: new Date(e.end.dateTime),
  }));
}

/** An appointment's event, 30 minutes from `start`. */
export function appointmentEvent(start = new Date("2027-05-04T13:30:00Z"), calendarId = "primary"): CalendarEvent {
  const appointmentId = randomUUID();
  return {
    eventId: calendarEventIdFor(appointmentId),
    calendarId,
    start,
    end: new Date(start.getTime() + 30 * 60_000),
    zone: "Europe/London",
    summary: "Consultation: Amira Khan",
    description: `Consultation for Amira Khan\nPhone: +447700900123\nReference: ${appointmentId}`,
  };
}
