/**
 * @module bench/book-direct
 * The limit: the SQL booking function called straight through the driver, no HTTP, no app. This
 * is the bench's one place that knows the function's signature: when it changes, change it here.
 */
import type { SqlClient } from "@voxanne/adapter-supabase";
import type { Booking } from "./bookings.ts";

const BOOK = `select public.book_appointment(
  p_org_id => $1, p_appointment_id => $2, p_idempotency_key => $3, p_phone => $4, p_email => null,
  p_name => $5, p_calendar_id => 'primary', p_starts_at => $6, p_ends_at => $7, p_blocks_until => $7,
  p_service_type => 'Consultation', p_key_window_seconds => null) as result`;

/** Books `b` in one statement; whether the function answered with a new booking. */
export async function bookDirect(client: SqlClient, b: Booking): Promise<boolean> {
  const rows = await client.query<{ result: { receipt?: unknown; replayed?: boolean } }>(BOOK, [
    b.clinic.orgId,
    crypto.randomUUID(),
    `direct-${b.n}`,
    b.phone,
    b.name,
    b.startsAt.toISOString(),
    b.endsAt.toISOString(),
  ]);
  const result = rows[0]?.result;
  return result?.receipt !== undefined && result.replayed === false;
}
