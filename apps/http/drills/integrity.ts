/**
 * @module drills/integrity
 * What the schema promises after any failure, read with one SQL statement: every appointment has
 * its receipt (when booked with a retry key), its calendar job for its version (until synced) and
 * its `booked` notification jobs (the outbox takes calendar jobs only for a clinic with a calendar
 * link, so only those clinics' appointments must have one); no receipt points at nothing; one contact per clinic and phone;
 * and how many of the appointments a caller was told about (`success: true`) are there.
 */
import type { SqlClient } from "@voxanne/adapter-supabase";
import type { Check } from "./verdict.ts";

export interface Integrity {
  readonly appointments: number;
  readonly withoutReceipt: number;
  readonly withoutCalendarJob: number;
  readonly withoutNotificationJob: number;
  readonly receiptsWithoutAppointment: number;
  readonly duplicateContacts: number;
  /** Of the acknowledged appointment ids, how many are booked in the database. */
  readonly acknowledgedFound: number;
}

const INTEGRITY = `select
  (select count(*)::int from appointments) as appointments,
  (select count(*)::int from appointments a where a.idempotency_key is not null and not exists (
     select 1 from booking_receipts r
      where r.org_id = a.org_id and r.kind = 'book' and r.idempotency_key = a.idempotency_key)) as without_receipt,
  (select count(*)::int from appointments a where a.calendar_sync = 'pending'
     and exists (select 1 from tenant_integrations i where i.org_id = a.org_id) and not exists (
     select 1 from calendar_sync_jobs j where j.appointment_id = a.id and j.version = a.version)) as without_calendar_job,
  (select count(*)::int from appointments a where not exists (
     select 1 from notification_jobs n where n.appointment_id = a.id and n.kind = 'booked')) as without_notification_job,
  (select count(*)::int from booking_receipts r where r.kind = 'book' and not exists (
     select 1 from appointments a where a.id = r.appointment_id)) as receipts_without_appointment,
  (select count(*)::int from (select 1 from contacts where phone is not null
     group by org_id, phone having count(*) > 1) d) as duplicate_contacts,
  (select count(*)::int from appointments a where a.status = 'booked'
     and a.id::text in (select jsonb_array_elements_text($1::jsonb))) as acknowledged_found`;

interface Row {
  appointments: number;
  without_receipt: number;
  without_calendar_job: number;
  without_notification_job: number;
  receipts_without_appointment: number;
  duplicate_contacts: number;
  acknowledged_found: number;
}

export async function readIntegrity(sql: SqlClient, acknowledged: readonly string[]): Promise<Integrity> {
  const [r] = await sql.query<Row>(INTEGRITY, [JSON.stringify(acknowledged)]);
  if (r === undefined) throw new Error("the integrity query answered no row");
  return {
    appointments: r.appointments,
    withoutReceipt: r.without_receipt,
    withoutCalendarJob: r.without_calendar_job,
    withoutNotificationJob: r.without_notification_job,
    receiptsWithoutAppointment: r.receipts_without_appointment,
    duplicateContacts: r.duplicate_contacts,
    acknowledgedFound: r.acknowledged_found,
  };
}

/** The checks every drill that writes makes on the database afterwards. */
export function integrityChecks(i: Integrity, acknowledged: number): Check[] {
  return [
    [
      `every acknowledged booking is there (${i.acknowledgedFound} of ${acknowledged})`,
      i.acknowledgedFound === acknowledged,
    ],
    [`no appointment without its receipt (${i.withoutReceipt})`, i.withoutReceipt === 0],
    [
      `no pending appointment of a linked clinic without its calendar job (${i.withoutCalendarJob})`,
      i.withoutCalendarJob === 0,
    ],
    [`no appointment without its notification jobs (${i.withoutNotificationJob})`, i.withoutNotificationJob === 0],
    [`no receipt without its appointment (${i.receiptsWithoutAppointment})`, i.receiptsWithoutAppointment === 0],
    [`no duplicate contact per phone (${i.duplicateContacts})`, i.duplicateContacts === 0],
  ];
}
