/**
 * Two app instances over one database, each with its own settings cache: a change made through
 * instance B (the admin API) is obeyed by instance A's next booking, although A had the clinic
 * cached. On real Postgres (two composition roots over one database, as two processes behind a
 * load balancer would be) and on PGlite (one database shared by two app objects in one process).
 * A's stale booking is refused by the database ("SETTINGS_STALE", nothing written) and A reloads
 * and retries: hours narrowed elsewhere refuse the booking, speakably, writing nothing; a Vapi
 * assistant moved from clinic X to clinic Y books in Y.
 */
import { migrate, openPostgres, type SqlClient } from "@voxanne/adapter-supabase";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tomorrow } from "../bench/bookings.ts";
import { ADMIN_TOKEN, createClinic, type Requester } from "../bench/clinics.ts";
import { composeLocal, type Local } from "../bench/targets.ts";
import { TOOLS_PATH, toolCall } from "../bench/vapi-bodies.ts";
import { newApp } from "../src/app.ts";
import { cachedDirectories } from "../src/composition.ts";
import { type RealPostgres, startRealPostgres } from "./support/real-postgres.ts";

interface Instances {
  readonly a: Requester;
  readonly b: Requester;
  readonly sql: SqlClient;
}

const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const DATE = tomorrow().toISOString().slice(0, 10);

interface Said {
  readonly success: boolean;
  readonly code?: string;
  readonly message: string;
  readonly appointmentId?: string;
}

async function book(request: Requester, assistantId: string, time: string, id: string): Promise<Said> {
  const body = toolCall(assistantId, "+447700900555", id, "bookClinicAppointment", {
    appointmentDate: DATE,
    appointmentTime: time,
    patientName: "Ola Adeyemi",
  });
  const res = await request(TOOLS_PATH, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  const { results } = (await res.json()) as { results: { result?: string; error?: string }[] };
  return JSON.parse(results[0]?.result ?? results[0]?.error ?? "{}") as Said;
}

async function patchClinic(request: Requester, orgId: string, patch: Record<string, unknown>): Promise<void> {
  const res = await request(`/api/admin/clinics/${orgId}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(patch),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function appointmentsOf(sql: SqlClient, orgId: string): Promise<number> {
  const [row] = await sql.query<{ n: number }>("select count(*)::int as n from appointments where org_id = $1", [
    orgId,
  ]);
  return row?.n ?? -1;
}

function scenarios(open: () => Promise<Instances>) {
  let instances: Instances;
  beforeAll(async () => {
    instances = await open();
  }, 120_000);

  it("opening hours narrowed through B: A's next booking is refused, speakably, and writes nothing", async () => {
    const { a, b, sql } = instances;
    const x = await createClinic(b, "asst_hours_x");
    expect((await book(a, x.assistantId, "10:00", "h-1")).success).toBe(true); // warms A's cache
    expect((await book(a, x.assistantId, "10:30", "h-2")).success).toBe(true); // served from it
    await patchClinic(b, x.orgId, {
      openingHours: Object.fromEntries(DAYS.map((d) => [d, [{ open: "00:00", close: "09:00" }]])),
    });
    const refused = await book(a, x.assistantId, "11:00", "h-3");
    expect([refused.success, refused.code]).toEqual([false, "OUTSIDE_OPENING_HOURS"]);
    expect(refused.message).toMatch(/\w/);
    expect(await appointmentsOf(sql, x.orgId)).toBe(2);
    expect((await book(a, x.assistantId, "08:00", "h-4")).success).toBe(true);
  });

  it("opening hours widened through B: A no longer refuses by its old hours (the refusal's busy read is refused as stale)", async () => {
    const { a, b, sql } = instances;
    const x = await createClinic(b, "asst_widened");
    const mornings = Object.fromEntries(DAYS.map((d) => [d, [{ open: "00:00", close: "09:00" }]]));
    await patchClinic(b, x.orgId, { openingHours: mornings });
    const closed = await book(a, x.assistantId, "14:00", "w-1"); // A caches the morning hours
    expect([closed.success, closed.code]).toEqual([false, "OUTSIDE_OPENING_HOURS"]);
    const allDay = Object.fromEntries(DAYS.map((d) => [d, [{ open: "00:00", close: "23:55" }]]));
    await patchClinic(b, x.orgId, { openingHours: allDay });
    expect((await book(a, x.assistantId, "14:00", "w-2")).success).toBe(true);
    expect(await appointmentsOf(sql, x.orgId)).toBe(1);
  });

  it("a Vapi assistant moved from clinic X to clinic Y through B: A's next booking is in Y", async () => {
    const { a, b, sql } = instances;
    const x = await createClinic(b, "asst_moved");
    const y = await createClinic(b, "asst_other_y");
    expect((await book(a, "asst_moved", "12:00", "m-1")).success).toBe(true); // A maps asst_moved to X
    await patchClinic(b, x.orgId, { vapiAssistantIds: [] });
    await patchClinic(b, y.orgId, { vapiAssistantIds: ["asst_other_y", "asst_moved"] });
    const moved = await book(a, "asst_moved", "13:00", "m-2");
    expect(moved.success).toBe(true);
    const [row] = await sql.query<{ org_id: string }>("select org_id from appointments where id = $1", [
      moved.appointmentId ?? null,
    ]);
    expect(row?.org_id).toBe(y.orgId);
    expect([await appointmentsOf(sql, x.orgId), await appointmentsOf(sql, y.orgId)]).toEqual([1, 1]);
  });
}

const requester =
  (local: Local): Requester =>
  (path, init) =>
    local.request(path, init);

describe("two instances on one Postgres", () => {
  let server: RealPostgres;
  const locals: Local[] = [];
  afterAll(async () => {
    await Promise.all(locals.map((l) => l.composed.close()));
    await server?.stop();
  });
  scenarios(async () => {
    server = await startRealPostgres();
    const url = await server.database();
    const setup = openPostgres(url, { onIdleError: () => {} });
    if (setup.sql !== null) await migrate(setup.sql);
    await setup.close();
    const a = await composeLocal({ DATABASE_URL: url });
    const b = await composeLocal({ DATABASE_URL: url });
    locals.push(a, b);
    return { a: requester(a), b: requester(b), sql: a.sql };
  });
});

describe("two app objects on one PGlite database", () => {
  let local: Local;
  afterAll(() => local?.composed.close());
  scenarios(async () => {
    local = await composeLocal({ DATA_DIR: ":memory:" });
    const { services } = local.composed;
    const other = cachedDirectories(local.composed.backend.stores);
    const second = newApp({ ...services, ...other, deps: { ...services.deps, clinics: other.clinics } });
    return { a: requester(local), b: (path, init) => Promise.resolve(second.request(path, init)), sql: local.sql };
  });
});
