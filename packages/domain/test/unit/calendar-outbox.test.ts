/**
 * The outbox policy as use cases: what `syncCalendarJob` does with one claimed job (synced,
 * retried, parked; nothing left to write), and `linkCalendar` resuming parked syncs and queueing
 * what a clinic booked before it linked (until then it had no jobs at all).
 */
import { errAsync, okAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  bookAppointment,
  calendarEventIdFor,
  cancelAppointment,
  DomainErrors,
  linkCalendar,
  type OrgId,
  syncCalendarJob,
} from "../../src/index.ts";
import { InMemoryIntegrationStore, InMemorySyncOutbox } from "../../src/testing/index.ts";
import { amira, bookingWorld, DEMO, OTHER } from "../support/booking-world.ts";

const thursday = { orgId: DEMO, date: "2026-12-03", time: "14:30", patient: amira, serviceType: "Consultation" };

/** A booking whose inline sync failed, so its job waits in the outbox. */
async function pendingBooking() {
  const world = bookingWorld();
  world.calendar.failNext(1);
  const booked = (await bookAppointment(world.deps, thursday))._unsafeUnwrap();
  expect(booked.calendarSynced).toBe(false);
  const outbox = new InMemorySyncOutbox(world.db, { random: () => 0 });
  const deps = { outbox, calendar: world.calendar, budgetMs: 5_000 };
  const claim = async () => (await outbox.claim(10, 60))._unsafeUnwrap();
  return { ...world, bookingDeps: world.deps, booked, outbox, deps, claim };
}

describe("syncCalendarJob", () => {
  it("writes the event and completes the job, recording the synced version", async () => {
    const { deps, claim, calendar, store, booked, db } = await pendingBooking();
    const [job] = await claim();
    if (job === undefined) throw new Error("expected a job");
    expect(job.appointment?.id).toBe(booked.appointment.id);
    expect((await syncCalendarJob(deps, job))._unsafeUnwrap()).toEqual({ outcome: "synced", reason: null });
    const eventId = calendarEventIdFor(booked.appointment.id);
    expect(calendar.events(DEMO, "primary").map((e) => e.event.eventId)).toEqual([eventId]);
    const stored = (await store.getAppointment(DEMO, booked.appointment.id))._unsafeUnwrap();
    expect([stored.calendarSync, stored.calendarEventId]).toEqual(["synced", eventId]);
    expect(db.outbox()).toEqual([]);
  });

  it("retries a transient calendar failure later, with its reason", async () => {
    const { deps, claim, calendar, db } = await pendingBooking();
    const [job] = await claim();
    if (job === undefined) throw new Error("expected a job");
    calendar.failNext(1);
    expect((await syncCalendarJob(deps, job))._unsafeUnwrap()).toEqual({
      outcome: "retried",
      reason: "CALENDAR_UNAVAILABLE",
    });
    expect(db.outbox()).toMatchObject([{ attempts: 1, lastError: "CALENDAR_UNAVAILABLE", parkedAt: null }]);
  });

  it.each([
    ["CALENDAR_REAUTH_REQUIRED", DomainErrors.calendarReauthRequired()],
    ["CALENDAR_NOT_LINKED", DomainErrors.calendarNotLinked()],
  ])("parks the job when the clinic must act (%s): never claimed again until it reconnects", async (code, error) => {
    const { deps, claim, calendar, outbox } = await pendingBooking();
    const [job] = await claim();
    if (job === undefined) throw new Error("expected a job");
    calendar.failNext(1, error);
    expect((await syncCalendarJob(deps, job))._unsafeUnwrap()).toEqual({ outcome: "parked", reason: code });
    expect((await outbox.summary())._unsafeUnwrap()).toMatchObject({ due: 0, scheduled: 0, parked: 1 });
  });

  it("completes the job without a calendar call when the appointment is already in step", async () => {
    const { deps, claim, calendar, outbox, booked } = await pendingBooking();
    const [job] = await claim();
    if (job === undefined || job.appointment === null) throw new Error("expected a job");
    const inStep = { ...job, appointment: { ...job.appointment, calendarSync: "synced" as const } };
    const before = { ...calendar.calls };
    expect((await syncCalendarJob(deps, inStep))._unsafeUnwrap()).toEqual({ outcome: "synced", reason: null });
    expect(calendar.calls).toEqual(before);
    expect((await outbox.summary())._unsafeUnwrap()).toMatchObject({ due: 0, scheduled: 0, parked: 0 });
    expect(booked.appointment.id).toBe(job.appointmentId);
  });

  it("a cancelled appointment's job deletes the event", async () => {
    const { deps, bookingDeps, claim, calendar, booked } = await pendingBooking();
    const [created] = await claim();
    if (created === undefined) throw new Error("expected a job");
    await syncCalendarJob(deps, created);
    calendar.failNext(1);
    await cancelAppointment(bookingDeps, {
      orgId: DEMO,
      appointmentId: booked.appointment.id,
      caller: { callerNumber: amira.phone },
    });
    const [cancelled] = await claim();
    if (cancelled === undefined) throw new Error("expected the cancellation's job");
    expect(cancelled.appointment?.status).toBe("cancelled");
    expect((await syncCalendarJob(deps, cancelled))._unsafeUnwrap().outcome).toBe("synced");
    expect(calendar.events(DEMO, "primary").map((e) => e.status)).toEqual(["cancelled"]);
  });
});

describe("linkCalendar", () => {
  it("completes the link, then resumes the clinic's parked syncs", async () => {
    const { deps, claim, calendar, outbox } = await pendingBooking();
    const [job] = await claim();
    if (job === undefined) throw new Error("expected a job");
    calendar.failNext(1, DomainErrors.calendarReauthRequired());
    await syncCalendarJob(deps, job);
    const connect = {
      consentUrl: (orgId: OrgId) => okAsync(`https://consent.test/${orgId}`),
      complete: (code: string) => okAsync({ orgId: code as OrgId }),
    };
    expect((await linkCalendar({ connect, outbox }, DEMO, "state"))._unsafeUnwrap()).toEqual({
      orgId: DEMO,
      resumed: 1,
    });
    expect((await outbox.summary())._unsafeUnwrap()).toMatchObject({ due: 1, parked: 0 });
  });

  it("a clinic without a link queues nothing; linking queues its upcoming appointments, once", async () => {
    const world = bookingWorld();
    const booked = (await bookAppointment(world.deps, { ...thursday, orgId: OTHER }))._unsafeUnwrap();
    expect(booked.calendarSynced).toBe(false);
    expect(world.db.jobs()).toEqual([]);
    const outbox = new InMemorySyncOutbox(world.db);
    const integrations = new InMemoryIntegrationStore({ database: world.db });
    const tokens = { accessToken: null, refreshToken: "1//other", expiresAt: null, scope: null };
    const connect = {
      consentUrl: (orgId: OrgId) => okAsync(`https://consent.test/${orgId}`),
      complete: (code: string) =>
        integrations
          .save({ orgId: code as OrgId, provider: "google", calendarId: "primary", tokens })
          .map(({ orgId }) => ({ orgId })),
    };
    expect((await linkCalendar({ connect, outbox }, OTHER, "state"))._unsafeUnwrap()).toEqual({
      orgId: OTHER,
      resumed: 1,
    });
    expect(world.db.jobs()).toEqual([{ orgId: OTHER, appointmentId: booked.appointment.id, version: 1 }]);
    expect((await linkCalendar({ connect, outbox }, OTHER, "state"))._unsafeUnwrap().resumed).toBe(0);
  });

  it("a refused link resumes nothing", async () => {
    const { deps, claim, calendar, outbox } = await pendingBooking();
    const [job] = await claim();
    if (job === undefined) throw new Error("expected a job");
    calendar.failNext(1, DomainErrors.calendarNotLinked());
    await syncCalendarJob(deps, job);
    const refused = { code: "OAUTH_STATE_INVALID", message: "This link has expired." };
    const connect = {
      consentUrl: () => okAsync("https://consent.test/"),
      complete: () => errAsync(refused),
    };
    expect((await linkCalendar({ connect, outbox }, "code", "state"))._unsafeUnwrapErr()).toEqual(refused);
    expect((await outbox.summary())._unsafeUnwrap()).toMatchObject({ parked: 1 });
  });
});
