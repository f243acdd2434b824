/**
 * The settings cache and the cached directories: a warm booking reads neither the clinic nor the
 * tenant from the store; a change made through the same instance is seen at once; a change made
 * through another instance (two caches over one database) is caught by the settings version the
 * booking carries, and `withCurrentSettings` reloads and retries once, following a Vapi id that
 * moved to another clinic.
 */
import { okAsync, type ResultAsync } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  type BookingDeps,
  bookAppointment,
  CachedClinicDirectory,
  CachedTenantDirectory,
  type Clinic,
  type ClinicDirectory,
  defaultClinicSettings,
  type OrgId,
  SettingsCache,
  type TenantDirectory,
  withCurrentSettings,
} from "../../src/index.ts";
import {
  InMemoryBookingStore,
  InMemoryClinicDirectory,
  InMemoryTenantDirectory,
  ManualClock,
  MemoryDatabase,
  SequentialIds,
} from "../../src/testing/index.ts";

const X = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
const Y = "0b7c9a52-3d7e-4e0a-9c55-6a1f1b2f3c4d" as OrgId;
const nineToFive = {
  1: [{ open: "09:00", close: "17:00" }],
  2: [],
  3: [],
  4: [{ open: "09:00", close: "17:00" }],
  5: [],
  6: [],
  7: [],
};
const mornings = { ...nineToFive, 4: [{ open: "09:00", close: "12:00" }] };

/** Counts the reads that reach the store. */
function counted<T extends object>(inner: T, reads: string[]): T {
  return new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        reads.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** One app instance: its own cache over the shared database. */
function instance(db: MemoryDatabase, clock: ManualClock) {
  const reads: string[] = [];
  const cache = new SettingsCache();
  const clinics = new CachedClinicDirectory(counted<ClinicDirectory>(new InMemoryClinicDirectory(db), reads), cache);
  const tenants = new CachedTenantDirectory(counted<TenantDirectory>(new InMemoryTenantDirectory(db), reads), cache);
  const deps: BookingDeps = { store: new InMemoryBookingStore({ db }), clinics, clock, ids: new SequentialIds() };
  const book = (assistantId: string, time: string, key: string) => {
    let org: ResultAsync<OrgId, never> | undefined;
    const resolve = (afresh = false) => {
      if (afresh) org = undefined;
      org ??= tenants.orgForVapi({ assistantId, phoneNumberId: null }).orElse(() => okAsync(X));
      return org;
    };
    const patient = { name: "Amira Khan", phone: "07700 900123", email: null };
    const command = (orgId: OrgId) => ({
      orgId,
      date: "2026-12-03",
      time,
      patient,
      idempotencyKey: { key, windowSeconds: null },
    });
    return withCurrentSettings(cache, resolve, (orgId) => bookAppointment(deps, command(orgId)));
  };
  return { cache, clinics, tenants, reads, book };
}

function world() {
  const clock = new ManualClock("2026-11-21T10:00:00Z");
  const db = new MemoryDatabase();
  const setup = new InMemoryClinicDirectory(db);
  for (const orgId of [X, Y]) setup.add({ ...defaultClinicSettings(orgId), openingHours: nineToFive });
  db.replaceVapiIds(X, "assistantIds", ["asst_1"]);
  return { db, a: instance(db, clock), b: instance(db, clock) };
}

const settingsOf = ({ staff: _, settingsVersion: __, ...s }: Clinic) => s;

describe("the settings cache on the booking path", () => {
  it("a warm booking reads neither the tenant nor the clinic from the store (the first call warms the cache)", async () => {
    const { a } = world();
    expect((await a.book("asst_1", "10:00", "k1")).isOk()).toBe(true);
    expect(a.reads).toEqual(["orgForVapi", "getClinic"]);
    a.reads.length = 0;
    expect((await a.book("asst_1", "11:00", "k2")).isOk()).toBe(true);
    expect(a.reads).toEqual([]);
  });

  it("hours changed through another instance: the next booking here obeys them, writing nothing", async () => {
    const { db, a, b } = world();
    await a.book("asst_1", "10:00", "k1");
    const before = db.allAppointments().length;
    const clinic = (await b.clinics.getClinic(X))._unsafeUnwrap();
    (
      await b.clinics.saveClinic({
        mode: "update",
        settings: { ...settingsOf(clinic), openingHours: mornings },
        vapi: {},
      })
    )._unsafeUnwrap();
    const refused = (await a.book("asst_1", "15:00", "k2"))._unsafeUnwrapErr();
    expect(refused.code).toBe("OUTSIDE_OPENING_HOURS");
    expect(refused.message).toMatch(/\S/);
    expect(db.allAppointments()).toHaveLength(before);
    expect(a.cache.clinic(X)?.openingHours).toEqual(mornings);
  });

  it("a change made through this instance is seen at once, without a stale round trip", async () => {
    const { a } = world();
    await a.book("asst_1", "10:00", "k1");
    const clinic = (await a.clinics.getClinic(X))._unsafeUnwrap();
    (
      await a.clinics.saveClinic({
        mode: "update",
        settings: { ...settingsOf(clinic), openingHours: mornings },
        vapi: {},
      })
    )._unsafeUnwrap();
    expect(a.cache.clinic(X)).toBeUndefined();
    expect((await a.book("asst_1", "15:00", "k2"))._unsafeUnwrapErr().code).toBe("OUTSIDE_OPENING_HOURS");
  });

  it("a Vapi assistant moved from clinic X to clinic Y through another instance: the next booking here is in Y", async () => {
    const { db, a, b } = world();
    await a.book("asst_1", "10:00", "k1");
    const x = (await b.clinics.getClinic(X))._unsafeUnwrap();
    const y = (await b.clinics.getClinic(Y))._unsafeUnwrap();
    (
      await b.clinics.saveClinic({ mode: "update", settings: settingsOf(x), vapi: { assistantIds: [] } })
    )._unsafeUnwrap();
    (
      await b.clinics.saveClinic({ mode: "update", settings: settingsOf(y), vapi: { assistantIds: ["asst_1"] } })
    )._unsafeUnwrap();
    const booked = (await a.book("asst_1", "11:00", "k2"))._unsafeUnwrap();
    expect(booked.appointment.orgId).toBe(Y);
    expect(db.allAppointments().filter((ap) => ap.orgId === X)).toHaveLength(1);
  });

  it("a clinic that changes again between the reload and the retry is answered SETTINGS_STALE, nothing written", async () => {
    const { db } = world();
    const real = new InMemoryClinicDirectory(db);
    const loads: OrgId[] = [];
    // Every read answers a version the store no longer has: the clinic keeps changing.
    const changing: ClinicDirectory = {
      getClinic: (orgId) => {
        loads.push(orgId);
        return real.getClinic(orgId).map((c) => ({ ...c, settingsVersion: (c.settingsVersion ?? 1) - 1 }));
      },
      getClinicRecord: (orgId) => real.getClinicRecord(orgId),
      listClinics: () => real.listClinics(),
      saveClinic: (command) => real.saveClinic(command),
    };
    const cache = new SettingsCache();
    const clock = new ManualClock("2026-11-21T10:00:00Z");
    const deps: BookingDeps = {
      store: new InMemoryBookingStore({ db }),
      clinics: new CachedClinicDirectory(changing, cache),
      clock,
      ids: new SequentialIds(),
    };
    const patient = { name: "Amira Khan", phone: "07700 900123", email: null };
    const command = { orgId: X, date: "2026-12-03", time: "12:00", patient };
    const r = await withCurrentSettings(
      cache,
      () => okAsync(X),
      (orgId) => bookAppointment(deps, { ...command, orgId }),
    );
    expect(r._unsafeUnwrapErr().code).toBe("SETTINGS_STALE");
    expect(loads).toEqual([X, X]);
    expect(db.allAppointments()).toEqual([]);
  });
});

describe("SettingsCache", () => {
  it("forgetting a clinic drops it and the Vapi mappings to it, and only those", () => {
    const cache = new SettingsCache();
    const t = cache.ticket();
    cache.keepClinic(
      {
        ...defaultClinicSettings(X),
        staff: {
          practitioners: [],
          services: [],
          policy: { defaultServiceId: "", allowDurationOverride: true, unknownServiceFallsBackToDefault: false },
        },
        settingsVersion: 1,
      },
      t,
    );
    cache.keepTenant("x1", X, t);
    cache.keepTenant("y1", Y, t);
    cache.forgetClinic(X);
    expect([cache.clinic(X), cache.tenant("x1"), cache.tenant("y1")]).toEqual([undefined, undefined, Y]);
  });

  it("is bounded: the least recently used entry goes first", () => {
    const cache = new SettingsCache({ maxTenants: 2 });
    const t = cache.ticket();
    cache.keepTenant("a", X, t);
    cache.keepTenant("b", X, t);
    cache.tenant("a");
    cache.keepTenant("c", Y, t);
    expect([cache.tenant("a"), cache.tenant("b"), cache.tenant("c")]).toEqual([X, undefined, Y]);
    expect(cache.size().tenants).toBe(2);
  });

  it("a load that began before a forget is answered but not kept", () => {
    const cache = new SettingsCache();
    const t = cache.ticket();
    cache.forgetClinic(Y);
    cache.keepTenant("x1", X, t);
    expect(cache.tenant("x1")).toBeUndefined();
  });
});
