/**
 * @module bench/availability
 * How `checkAvailability` over 14 days grows with the clinic's book: the clinic (the admin API's
 * defaults: weekdays 09:00–17:30, 30-minute slots, one practitioner) is given 0, 500, 5,000, …
 * live appointments, seeded with SQL (a few hundred rows a statement), then the 14 days from
 * tomorrow are asked for again and again through the service in process.
 *
 * Up to `availabilityComingYear` (5,000) of them are spread evenly over the coming year; a larger
 * book keeps that year as it is and holds the rest as past appointments, spread over the years
 * before at the same spacing, which is how a clinic's book grows (one practitioner cannot hold
 * 50,000 appointments in a year: 5,000 already take a slot every 105 minutes around the clock).
 * So the rows from 5,000 up show what the book's size costs. The largest count is measured once
 * more with all of it in the coming year: every slot of the fortnight is taken, and the answer is
 * the nearest free days around it.
 *
 * On each book, the SQL booking function is timed too (`bookDirect`, the limit's call): bookings of
 * free slots two years out, so that what grows with the book, if anything, is the booking's own
 * reading of the practitioner's appointments (their day's count and their latest booking).
 */
import type { SqlClient } from "@voxanne/adapter-supabase";
import { bookDirect } from "./book-direct.ts";
import { tomorrow } from "./bookings.ts";
import { ADMIN_TOKEN, type Requester, SLOT_MINUTES } from "./clinics.ts";
import type { BenchSizes } from "./sizes.ts";
import { quantile } from "./stats.ts";
import type { Target } from "./targets.ts";
import { succeeded, TOOLS_PATH, toolCall } from "./vapi-bodies.ts";

export interface AvailabilityRow {
  readonly backend: string;
  readonly appointments: number;
  /** How many of them are in the coming year (the rest are past). */
  readonly comingYear: number;
  readonly samples: number;
  readonly medianMs: number;
  readonly p99Ms: number;
  /** The SQL booking function on this book (new bookings two years out): median ms, and how many. */
  readonly bookingMedianMs: number;
  readonly bookings: number;
}

const YEAR_SECONDS = 365 * 86_400;

/** Rows per seeding statement: each row also queues its notification jobs, and a statement has a time limit. */
const SEED_CHUNK = 500;

/**
 * Replaces the clinic's appointments with `n` live ones: `comingYear` of them evenly spaced over
 * a year from `from`, the rest at the same spacing going back from `from`.
 */
export async function seedAppointments(
  sql: SqlClient,
  orgId: string,
  from: Date,
  n: number,
  comingYear = n,
): Promise<void> {
  await sql.query("delete from appointments where org_id = $1", [orgId]);
  if (n === 0) return;
  const ahead = Math.min(n, Math.max(1, comingYear));
  const spacing = Math.floor(YEAR_SECONDS / ahead);
  const length = Math.min(300, Math.floor(spacing / 2));
  // Appointment i starts at from + (i - past) × spacing: the first `past` are before `from`.
  const past = n - ahead;
  for (let first = 0; first < n; first += SEED_CHUNK) {
    await sql.query(
      `insert into appointments (id, org_id, calendar_id, practitioner_id, service_id, starts_at, ends_at, blocks_from,
                                 blocks_until, patient_name)
       select gen_random_uuid(), $1, 'primary', sp.practitioner_id, sp.service_id, t, t + make_interval(secs => $3), t,
              t + make_interval(secs => $3), 'Seeded'
       from (select $2::timestamptz + make_interval(secs => (i - $7) * $4) as t
               from generate_series($5::int, $6::int - 1) i) s,
            lateral (select sp.practitioner_id, sp.service_id from service_practitioners sp
                      join services sv on sv.id = sp.service_id and sv.is_default where sp.org_id = $1
                      order by sp.practitioner_id limit 1) sp`,
      [orgId, from.toISOString(), length, spacing, first, Math.min(n, first + SEED_CHUNK), past],
    );
  }
  // As autovacuum would have left it: the rows of the last count deleted, their index entries gone.
  await sql.exec("vacuum analyze appointments");
}

/** Each count with at most `comingYear` in the coming year, then the largest above it with all of it there. */
export function availabilityCases(counts: readonly number[], comingYear: number): { n: number; ahead: number }[] {
  const cases = counts.map((n) => ({ n, ahead: Math.min(n, comingYear) }));
  const largest = Math.max(0, ...counts);
  if (largest > comingYear) cases.push({ n: largest, ahead: largest });
  return cases;
}

export async function availabilityClinic(request: Requester): Promise<string> {
  const res = await request("/api/admin/clinics", {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Bench availability", vapiAssistantIds: ["asst_bench_availability"] }),
  });
  if (res.status !== 201) throw new Error(`creating the availability clinic: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

async function timeOne(request: Requester, body: string): Promise<number> {
  const started = performance.now();
  const res = await request(TOOLS_PATH, { method: "POST", headers: { "content-type": "application/json" }, body });
  const text = await res.text();
  const ms = performance.now() - started;
  if (!succeeded(text)) throw new Error(`checkAvailability failed: ${text}`);
  return ms;
}

export async function measureAvailability(target: Target, sizes: BenchSizes): Promise<AvailabilityRow[]> {
  const { request, sql } = target.local;
  const orgId = await availabilityClinic(request);
  const first = tomorrow();
  const last = new Date(first.getTime() + 13 * 86_400_000);
  const body = JSON.stringify(
    toolCall("asst_bench_availability", "+447700900001", "avail", "checkAvailability", {
      date: first.toISOString().slice(0, 10),
      endDate: last.toISOString().slice(0, 10),
    }),
  );
  const rows: AvailabilityRow[] = [];
  let booked = 0;
  const book = async () => {
    const k = booked++;
    const startsAt = new Date(first.getTime() + 2 * YEAR_SECONDS * 1000 + k * SLOT_MINUTES * 60_000);
    const clinic = { orgId, assistantId: "asst_bench_availability" };
    const b = {
      n: k,
      clinic,
      date: "",
      time: "",
      startsAt,
      endsAt: new Date(startsAt.getTime() + SLOT_MINUTES * 60_000),
    };
    const started = performance.now();
    const ok = await bookDirect(sql, { ...b, phone: "+447700900002", name: `Availability ${k}` });
    const ms = performance.now() - started;
    if (!ok) throw new Error(`booking ${k} two years out did not book`);
    return ms;
  };
  for (const { n, ahead } of availabilityCases(sizes.availabilityCounts, sizes.availabilityComingYear)) {
    await seedAppointments(sql, orgId, first, n, ahead);
    for (let i = 0; i < 5; i++) await timeOne(request, body);
    const ms: number[] = [];
    for (let i = 0; i < sizes.availabilitySamples; i++) ms.push(await timeOne(request, body));
    for (let i = 0; i < 5; i++) await book();
    const bookingMs: number[] = [];
    for (let i = 0; i < Math.max(1, Math.floor(sizes.availabilitySamples / 4)); i++) bookingMs.push(await book());
    rows.push({
      backend: target.name,
      appointments: n,
      comingYear: ahead,
      samples: ms.length,
      medianMs: quantile(ms, 0.5),
      p99Ms: quantile(ms, 0.99),
      bookingMedianMs: quantile(bookingMs, 0.5),
      bookings: bookingMs.length,
    });
  }
  return rows;
}
