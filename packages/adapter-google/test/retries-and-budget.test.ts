import { describe, expect, it } from "vitest";
import { type Fault, Faults } from "../src/testing/index.ts";
import { appointmentEvent, heldEvents, linkOrg, useGoogleWorld } from "./support/google-world.ts";

describe("retries: jittered backoff for transient failures, bounded by the caller's budget", () => {
  const waits: number[] = [];
  // Backoff made visible: the jitter is always half the cap, the waits are recorded (and real).
  const world = useGoogleWorld({
    retry: {
      random: () => 0.5,
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    },
  });

  it("retries 403 rateLimitExceeded, 429, 500 and 403 userRateLimitExceeded with growing waits", async () => {
    const { orgId, grant } = await linkOrg(world());
    for (const fault of [Faults.rateLimit, Faults.tooManyRequests, Faults.serverError, Faults.userRateLimit]) {
      world().emulator.failNext("insert", fault);
    }
    world().emulator.resetCounts();
    waits.length = 0;

    expect((await world().gateway.createEvent(orgId, appointmentEvent(), { budgetMs: 10_000 })).isOk()).toBe(true);
    expect(world().emulator.requests("insert")).toBe(5);
    expect(waits).toEqual([50, 100, 200, 400]);
    expect(heldEvents(world().emulator, grant.account)).toHaveLength(1);
  });

  it("retries a token endpoint 500 and a DELETE 500 itself: the libraries' own retries are off", async () => {
    const { orgId } = await linkOrg(world(), { expiresInMs: 60_000 });
    world().emulator.failNext("refresh", Faults.serverError);
    world().emulator.failNext("delete", Faults.serverError);
    world().emulator.resetCounts();
    waits.length = 0;

    expect(
      (await world().gateway.cancelEvent(orgId, "primary", appointmentEvent().eventId, { budgetMs: 10_000 })).isOk(),
    ).toBe(true);
    expect([world().emulator.requests("refresh"), world().emulator.requests("delete")]).toEqual([2, 2]);
    expect(waits).toEqual([50, 100]);
  });

  it.each([
    ["400", "CALENDAR_UNAVAILABLE", "active", Faults.badRequest],
    [
      "403 quotaExceeded",
      "CALENDAR_UNAVAILABLE",
      "active",
      { type: "status", status: 403, reason: "quotaExceeded" } as Fault,
    ],
    ["403 forbidden", "CALENDAR_REAUTH_REQUIRED", "reauth_required", Faults.forbidden],
  ])("does not retry a %s (→ %s, link %s)", async (_, code, status, fault) => {
    const { orgId } = await linkOrg(world());
    world().emulator.failNext("insert", fault);
    world().emulator.resetCounts();
    const result = await world().gateway.createEvent(orgId, appointmentEvent(), { budgetMs: 10_000 });
    expect(result._unsafeUnwrapErr().code).toBe(code);
    expect(world().emulator.requests("insert")).toBe(1);
    expect((await world().store.get(orgId))._unsafeUnwrap().status).toBe(status);
  });

  it("gives up with CALENDAR_UNAVAILABLE after about the budget when Google answers too slowly", async () => {
    const { orgId } = await linkOrg(world());
    world().emulator.failNext("insert", Faults.slow(5_000), 20);
    const started = performance.now();
    const result = await world().gateway.createEvent(orgId, appointmentEvent(), { budgetMs: 500 });
    const elapsed = performance.now() - started;
    world().emulator.heal();
    expect(result._unsafeUnwrapErr().code).toBe("CALENDAR_UNAVAILABLE");
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(500 + 2_000);
  });

  it("a refresh slower than the budget does not hold the caller; it still lands and is shared", async () => {
    const { orgId } = await linkOrg(world(), { expiresInMs: 60_000 });
    world().emulator.failNext("refresh", Faults.slow(1_000));
    world().emulator.resetCounts();
    const started = performance.now();
    const hurried = await world().gateway.createEvent(orgId, appointmentEvent(), { budgetMs: 200 });
    expect(performance.now() - started).toBeLessThan(200 + 2_000);
    expect(hurried._unsafeUnwrapErr().code).toBe("CALENDAR_UNAVAILABLE");

    const patient = await world().gateway.createEvent(orgId, appointmentEvent(), { budgetMs: 30_000 });
    expect(patient.isOk()).toBe(true);
    expect(world().emulator.requests("refresh")).toBe(1);
  });
});

describe("Google failing 30% of calls (seeded 429/500/403 rate limits, some inserts landing before the 500)", () => {
  const world = useGoogleWorld();

  it.each([
    ["the inline default (1500 ms)", undefined],
    ["a tight 120 ms", 120],
  ])(
    "60 concurrent creates under %s budget each land exactly once or return CALENDAR_UNAVAILABLE",
    async (_, budgetMs) => {
      const { orgId, grant } = await linkOrg(world());
      const events = Array.from({ length: 60 }, (_, i) =>
        appointmentEvent(new Date(Date.UTC(2027, 5, 1, 8) + i * 3_600_000)),
      );
      world().emulator.failRandomly({
        rate: 0.3,
        seed: 20_270_309,
        faults: [
          Faults.tooManyRequests,
          Faults.serverError,
          Faults.rateLimit,
          Faults.userRateLimit,
          Faults.landThen500,
        ],
      });
      world().emulator.resetCounts();

      const options = budgetMs === undefined ? {} : { budgetMs };
      const started = performance.now();
      const timed = await Promise.all(
        events.map(async (e) => {
          const result = await world().gateway.createEvent(orgId, e, options);
          return { result, ms: performance.now() - started };
        }),
      );
      const results = timed.map((t) => t.result);
      const slowest = Math.max(...timed.map((t) => t.ms));
      const injected = Object.fromEntries(world().emulator.faults.injected);
      world().emulator.heal();

      const held = heldEvents(world().emulator, grant.account);
      const ids = new Set(events.map((e) => e.eventId));
      expect(held.every((h) => ids.has(h.eventId))).toBe(true);
      expect(new Set(held.map((h) => h.eventId)).size).toBe(held.length);
      results.forEach((r, i) => {
        const event = events[i];
        if (r.isErr()) return expect(r.error.code).toBe("CALENDAR_UNAVAILABLE");
        expect(held.filter((h) => h.eventId === event?.eventId)).toEqual([
          { eventId: event?.eventId, status: "confirmed", start: event?.start, end: event?.end },
        ]);
      });
      const ok = results.filter((r) => r.isOk()).length;
      console.info(
        `30% failures, budget ${budgetMs ?? "default"}: ${ok}/60 landed, ${60 - ok} unavailable, ` +
          `${world().emulator.requests()} requests, faults ${JSON.stringify(injected)}, slowest ${Math.round(slowest)} ms`,
      );
      expect(slowest).toBeLessThan((budgetMs ?? 1500) + 2_000);
      expect(ok).toBeGreaterThan(0);
      expect(Object.keys(injected).length).toBeGreaterThanOrEqual(4);

      // The worker's later retry converges: every appointment has exactly one event.
      const retried = await Promise.all(
        events.map((e, i) => (results[i]?.isOk() ? null : world().gateway.createEvent(orgId, e, { budgetMs: 10_000 }))),
      );
      expect(retried.every((r) => r === null || r.isOk())).toBe(true);
      expect(
        heldEvents(world().emulator, grant.account)
          .map((h) => h.eventId)
          .sort(),
      ).toEqual([...ids].sort());
    },
  );
});

describe("Google down, then back on the same port", () => {
  const world = useGoogleWorld();

  it("returns CALENDAR_UNAVAILABLE within the budget while down, and succeeds once it is back", async () => {
    const { orgId, grant } = await linkOrg(world());
    const event = appointmentEvent();
    expect((await world().gateway.busyTimes(orgId, ["primary"], { start: event.start, end: event.end })).isOk()).toBe(
      true,
    );

    await world().emulator.stop();
    const started = performance.now();
    const down = await world().gateway.createEvent(orgId, event, { budgetMs: 800 });
    expect(performance.now() - started).toBeLessThan(800 + 2_000);
    expect(down._unsafeUnwrapErr().code).toBe("CALENDAR_UNAVAILABLE");

    await world().emulator.restart();
    expect((await world().gateway.createEvent(orgId, event, { budgetMs: 10_000 }))._unsafeUnwrap()).toEqual({
      eventId: event.eventId,
    });
    expect(heldEvents(world().emulator, grant.account).map((h) => h.eventId)).toEqual([event.eventId]);
  });
});
