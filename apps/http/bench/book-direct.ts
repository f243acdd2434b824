/**
 * @module bench/book-direct
 * The limit: the SQL booking function called straight through the driver, no HTTP, no app. This
 * is the bench's one place that knows the function's signature: when it changes, change it here.
 * The placement (the clinic's default service and the practitioners who offer it) is read once
 * per clinic, as the app reads it with the clinic's settings, and passed like the app passes it.
 */
import type { SqlClient } from "@voxanne/adapter-supabase";
import type { Booking } from "./bookings.ts";

const BOOK = `select public.book_appointment(
  p_org_id => $1, p_appointment_id => $2, p_idempotency_key => $3, p_phone => $4, p_email => null,
  p_name => $5, p_placement => $6::jsonb, p_service_type => 'Consultation', p_key_window_seconds => null) as result`;

/** The clinic's default service and its active practitioners (with the calendar each books into). */
const STAFF = `select s.id as service_id,
    coalesce(jsonb_agg(jsonb_build_object('practitionerId', p.id, 'calendarId', coalesce(p.calendar_id, o.calendar_id))
      order by p.id) filter (where p.id is not null), '[]'::jsonb) as candidates
  from services s
  join organizations o on o.id = s.org_id
  left join service_practitioners sp on sp.service_id = s.id
  left join practitioners p on p.id = sp.practitioner_id and p.active
  where s.org_id = $1 and s.is_default
  group by s.id`;

interface Staff {
  readonly serviceId: string;
  readonly candidates: unknown;
}

const staffOf = new WeakMap<SqlClient, Map<string, Promise<Staff>>>();

function staff(client: SqlClient, orgId: string): Promise<Staff> {
  const known = staffOf.get(client) ?? new Map<string, Promise<Staff>>();
  staffOf.set(client, known);
  const found = known.get(orgId);
  if (found !== undefined) return found;
  const loaded = client.query<{ service_id: string; candidates: unknown }>(STAFF, [orgId]).then((rows) => {
    const row = rows[0];
    if (row === undefined) throw new Error(`clinic ${orgId} has no default service`);
    return { serviceId: row.service_id, candidates: row.candidates };
  });
  known.set(orgId, loaded);
  return loaded;
}

/** Books `b` in one statement; whether the function answered with a new booking. */
export async function bookDirect(client: SqlClient, b: Booking): Promise<boolean> {
  const { serviceId, candidates } = await staff(client, b.clinic.orgId);
  const day = new Date(Date.UTC(b.startsAt.getUTCFullYear(), b.startsAt.getUTCMonth(), b.startsAt.getUTCDate()));
  const placement = {
    candidates,
    serviceId,
    startsAt: b.startsAt.toISOString(),
    endsAt: b.endsAt.toISOString(),
    blocksFrom: b.startsAt.toISOString(),
    blocksUntil: b.endsAt.toISOString(),
    dayStart: day.toISOString(),
    dayEnd: new Date(day.getTime() + 86_400_000).toISOString(),
  };
  const rows = await client.query<{ result: { receipt?: unknown; replayed?: boolean } }>(BOOK, [
    b.clinic.orgId,
    crypto.randomUUID(),
    `direct-${b.n}`,
    b.phone,
    b.name,
    JSON.stringify(placement),
  ]);
  const result = rows[0]?.result;
  return result?.receipt !== undefined && result.replayed === false;
}
