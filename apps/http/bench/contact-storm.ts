/**
 * @module bench/contact-storm
 * A storm of callers all giving the same new phone number at once, the old way beside ours. The
 * old way (bench code, as the old system did it): look the contact up, and insert one when none
 * was found, two statements with nothing between them; run against a table without the unique
 * constraint (the old schema: duplicates) and against today's `contacts` (errors). Ours: the
 * same number of bookings through the service, each resolving its contact inside the booking
 * function; afterwards the clinic must have exactly one contact for the number.
 */
import type { SqlClient } from "@voxanne/adapter-supabase";
import { bookingSequence } from "./bookings.ts";
import { createClinic } from "./clinics.ts";
import type { BenchSizes } from "./sizes.ts";
import type { Target } from "./targets.ts";
import { bookingCall, succeeded, TOOLS_PATH } from "./vapi-bodies.ts";

export interface StormOutcome {
  readonly way: string;
  readonly callers: number;
  /** Contacts for the number afterwards (one is right). */
  readonly contacts: number;
  /** Callers who got an error (or, for ours, an answer that did not book). */
  readonly errors: number;
  /** The errors by code (SQLSTATE for the old way, the answer's error code for ours). */
  readonly errorCodes: Readonly<Record<string, number>>;
}

function tally(codes: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

const sqlState = (e: unknown) =>
  typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : String(e);

/** The code of a refused tool-calls answer (its first result), or null when it booked. */
function refusalCode(body: string): string | null {
  if (succeeded(body)) return null;
  const first = (JSON.parse(body) as { results?: { error?: string }[] }).results?.[0]?.error;
  return first === undefined ? "UNREADABLE_ANSWER" : String((JSON.parse(first) as { code?: unknown }).code);
}

export interface StormRow {
  readonly backend: string;
  readonly outcomes: readonly StormOutcome[];
}

const PHONE = "+447700900555";
const OLD_TABLE = `create table if not exists old_way_contacts (
  id uuid primary key default gen_random_uuid(), org_id uuid not null, phone text, name text)`;

/** The old find-then-insert contact path: one caller's lookup, then an insert if it found nothing. */
async function oldFindThenInsert(sql: SqlClient, table: string, orgId: string, name: string): Promise<void> {
  const found = await sql.query(`select id from ${table} where org_id = $1 and phone = $2 limit 1`, [orgId, PHONE]);
  if (found.length > 0) return;
  await sql.query(`insert into ${table} (org_id, phone, name) values ($1, $2, $3)`, [orgId, PHONE, name]);
}

async function count(sql: SqlClient, table: string, orgId: string): Promise<number> {
  const rows = await sql.query<{ n: number }>(
    `select count(*)::int as n from ${table} where org_id = $1 and phone = $2`,
    [orgId, PHONE],
  );
  return rows[0]?.n ?? -1;
}

async function oldWay(sql: SqlClient, table: string, orgId: string, callers: number): Promise<StormOutcome> {
  const settled = await Promise.allSettled(
    Array.from({ length: callers }, (_, i) => oldFindThenInsert(sql, table, orgId, `Caller ${i}`)),
  );
  return {
    way: `old find-then-insert (${table === "contacts" ? "today's table, unique constraint" : "old table, no constraint"})`,
    callers,
    contacts: await count(sql, table, orgId),
    errors: settled.filter((s) => s.status === "rejected").length,
    errorCodes: tally(settled.flatMap((s) => (s.status === "rejected" ? [sqlState(s.reason)] : []))),
  };
}

async function ourWay(target: Target, callers: number): Promise<StormOutcome> {
  const clinic = await createClinic(target.local.request, "asst_bench_storm");
  const next = bookingSequence([clinic], "storm");
  const answers = await Promise.all(
    Array.from({ length: callers }, async () => {
      const body = JSON.stringify(bookingCall({ ...next(), phone: PHONE }));
      const res = await target.local.request(TOOLS_PATH, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      return refusalCode(await res.text());
    }),
  );
  const codes = answers.filter((code): code is string => code !== null);
  return {
    way: "ours (book_appointment resolves the contact)",
    callers,
    contacts: await count(target.local.sql, "contacts", clinic.orgId),
    errors: codes.length,
    errorCodes: tally(codes),
  };
}

export async function measureContactStorm(target: Target, sizes: BenchSizes): Promise<StormRow> {
  const { sql, request } = target.local;
  await sql.exec(OLD_TABLE);
  const oldClinic = await createClinic(request, "asst_bench_storm_old");
  return {
    backend: target.name,
    outcomes: [
      await oldWay(sql, "old_way_contacts", oldClinic.orgId, sizes.stormCallers),
      await oldWay(sql, "contacts", oldClinic.orgId, sizes.stormCallers),
      await ourWay(target, sizes.stormCallers),
    ],
  };
}
