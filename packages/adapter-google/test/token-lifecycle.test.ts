import type { OrgId } from "@voxanne/domain";
import { describe, expect, it } from "vitest";
import { Faults } from "../src/testing/index.ts";
import { appointmentEvent, heldEvents, linkOrg, useGoogleWorld } from "./support/google-world.ts";

const NEAR_EXPIRY_MS = 60_000; // inside google-auth-library's 5-minute eager-refresh threshold
const WORKER_BUDGET = { budgetMs: 30_000 };

describe("token lifecycle: one cached client per org, refreshed only near expiry, persisted", () => {
  const world = useGoogleWorld();

  it("100 concurrent creates with a token about to expire cause one refresh, persisted once", async () => {
    const { orgId, grant } = await linkOrg(world(), { expiresInMs: NEAR_EXPIRY_MS });
    world().emulator.resetCounts();
    const updatesBefore = world().store.calls.updateTokens;
    const events = Array.from({ length: 100 }, (_, i) =>
      appointmentEvent(new Date(Date.UTC(2027, 4, 4, 8) + i * 1_800_000)),
    );

    const results = await Promise.all(events.map((e) => world().gateway.createEvent(orgId, e, WORKER_BUDGET)));

    expect(results.filter((r) => r.isErr())).toEqual([]);
    expect(world().emulator.requests("refresh")).toBe(1);
    expect(world().emulator.requests("insert")).toBe(100);
    expect(heldEvents(world().emulator, grant.account)).toHaveLength(100);
    expect(world().store.calls.updateTokens - updatesBefore).toBe(1);
    const stored = (await world().store.get(orgId))._unsafeUnwrap();
    expect(stored.tokens.refreshToken).toBe(grant.refreshToken);
    expect(stored.tokens.accessToken).not.toBe(grant.accessToken);
    expect(stored.tokens.expiresAt).toBeGreaterThan(Date.now() + 30 * 60_000);
    expect(stored.status).toBe("active");
  });

  it("counts Google calls per booking: fresh token 1 insert; near expiry 1 refresh + 1 insert; next booking no refresh", async () => {
    /** Books one appointment; what Google saw: [refreshes, inserts, all requests]. */
    const book = async (orgId: OrgId) => {
      world().emulator.resetCounts();
      expect((await world().gateway.createEvent(orgId, appointmentEvent())).isOk()).toBe(true);
      const { emulator } = world();
      return [emulator.requests("refresh"), emulator.requests("insert"), emulator.requests()];
    };
    const fresh = await linkOrg(world());
    expect(await book(fresh.orgId)).toEqual([0, 1, 1]);
    const expiring = await linkOrg(world(), { expiresInMs: NEAR_EXPIRY_MS });
    expect(await book(expiring.orgId)).toEqual([1, 1, 2]);
    expect(await book(expiring.orgId)).toEqual([0, 1, 1]);
  });

  it("invalid_grant marks the link reauth_required; later calls fail fast without a request", async () => {
    const { orgId, grant } = await linkOrg(world(), { expiresInMs: NEAR_EXPIRY_MS });
    world().emulator.accounts.revoke(grant.refreshToken);
    world().emulator.resetCounts();

    const first = await world().gateway.createEvent(orgId, appointmentEvent(), WORKER_BUDGET);

    expect(first._unsafeUnwrapErr().code).toBe("CALENDAR_REAUTH_REQUIRED");
    expect([world().emulator.requests("refresh"), world().emulator.requests()]).toEqual([1, 1]);
    const stored = (await world().store.get(orgId))._unsafeUnwrap();
    expect(stored.status).toBe("reauth_required");
    expect(stored.statusReason).toContain("invalid_grant");

    world().emulator.resetCounts();
    const event = appointmentEvent();
    const window = { start: event.start, end: event.end };
    const later = await Promise.all([
      world().gateway.createEvent(orgId, event),
      world().gateway.moveEvent(orgId, event),
      world().gateway.cancelEvent(orgId, "primary", event.eventId),
      world().gateway.busyTimes(orgId, ["primary"], window),
    ]);
    expect(later.map((r) => r.isErr() && r.error.code)).toEqual(Array(4).fill("CALENDAR_REAUTH_REQUIRED"));
    expect(world().emulator.requests()).toBe(0);
  });

  it("concurrent calls meeting invalid_grant share one refresh and all report CALENDAR_REAUTH_REQUIRED", async () => {
    const { orgId, grant } = await linkOrg(world(), { expiresInMs: NEAR_EXPIRY_MS });
    world().emulator.accounts.revoke(grant.refreshToken);
    world().emulator.resetCounts();

    const results = await Promise.all(
      Array.from({ length: 20 }, () => world().gateway.createEvent(orgId, appointmentEvent(), WORKER_BUDGET)),
    );

    expect(new Set(results.map((r) => r.isErr() && r.error.code))).toEqual(new Set(["CALENDAR_REAUTH_REQUIRED"]));
    expect(world().emulator.requests("refresh")).toBe(1);
    expect(world().emulator.requests("insert")).toBe(0);
  });

  it("a relinked calendar (new grant saved) is picked up by the next call", async () => {
    const { orgId, grant } = await linkOrg(world(), { expiresInMs: NEAR_EXPIRY_MS });
    world().emulator.accounts.revoke(grant.refreshToken);
    expect((await world().gateway.createEvent(orgId, appointmentEvent()))._unsafeUnwrapErr().code).toBe(
      "CALENDAR_REAUTH_REQUIRED",
    );

    const again = world().emulator.accounts.grant({ account: grant.account });
    await world().store.save({
      orgId,
      provider: "google",
      calendarId: "primary",
      tokens: {
        accessToken: again.accessToken,
        refreshToken: again.refreshToken,
        expiresAt: again.expiresAt,
        scope: null,
      },
    });
    world().emulator.resetCounts();
    const event = appointmentEvent();

    expect((await world().gateway.createEvent(orgId, event))._unsafeUnwrap()).toEqual({ eventId: event.eventId });
    expect([world().emulator.requests("refresh"), world().emulator.requests("insert")]).toEqual([0, 1]);
    expect(heldEvents(world().emulator, grant.account).map((e) => e.eventId)).toEqual([event.eventId]);
  });

  it("a 401 refreshes once and retries; a 401 again after that refresh marks the link reauth_required", async () => {
    const { orgId } = await linkOrg(world());
    world().emulator.accounts.expireAccessTokens(); // Google revoked the access token early
    world().emulator.resetCounts();
    expect((await world().gateway.createEvent(orgId, appointmentEvent(), WORKER_BUDGET)).isOk()).toBe(true);
    expect([world().emulator.requests("insert"), world().emulator.requests("refresh")]).toEqual([2, 1]);

    world().emulator.resetCounts();
    world().emulator.failNext("insert", Faults.unauthorized, 2);
    const refused = await world().gateway.createEvent(orgId, appointmentEvent(), WORKER_BUDGET);
    expect(refused._unsafeUnwrapErr().code).toBe("CALENDAR_REAUTH_REQUIRED");
    expect([world().emulator.requests("insert"), world().emulator.requests("refresh")]).toEqual([2, 1]);
    expect((await world().store.get(orgId))._unsafeUnwrap().status).toBe("reauth_required");
  });

  it("a stored link with no known expiry refreshes once before its first call", async () => {
    const { orgId, grant } = await linkOrg(world());
    await world().store.updateTokens(orgId, {
      accessToken: grant.accessToken,
      refreshToken: null,
      expiresAt: null,
      scope: null,
    });
    world().emulator.resetCounts();
    expect((await world().gateway.createEvent(orgId, appointmentEvent())).isOk()).toBe(true);
    expect((await world().gateway.createEvent(orgId, appointmentEvent())).isOk()).toBe(true);
    expect([world().emulator.requests("refresh"), world().emulator.requests("insert")]).toEqual([1, 2]);
  });
});
