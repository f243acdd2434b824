-- How rows leave the database: camelCase JSON shaped like the domain's types, instants as
-- ISO 8601 in UTC with milliseconds (exactly what a JavaScript Date round-trips).

create or replace function iso_instant(ts timestamptz) returns text
language sql stable parallel safe
as $$ select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

create or replace function appointment_json(a appointments) returns jsonb
language sql stable parallel safe
as $$
  select jsonb_build_object(
    'id', a.id, 'orgId', a.org_id, 'contactId', a.contact_id, 'calendarId', a.calendar_id,
    'startsAt', iso_instant(a.starts_at), 'endsAt', iso_instant(a.ends_at),
    'blocksUntil', iso_instant(a.blocks_until), 'status', a.status, 'serviceType', a.service_type,
    'patientName', a.patient_name, 'version', a.version, 'calendarSync', a.calendar_sync,
    'calendarEventId', a.calendar_event_id)
$$;

create or replace function contact_json(c contacts) returns jsonb
language sql stable parallel safe
as $$ select jsonb_build_object('id', c.id, 'orgId', c.org_id, 'phone', c.phone, 'email', c.email, 'name', c.name) $$;

create or replace function clinic_json(o organizations) returns jsonb
language sql stable parallel safe
as $$
  select jsonb_build_object(
    'orgId', o.id, 'name', o.name, 'zone', o.zone, 'region', o.region, 'openingHours', o.opening_hours,
    'slotMinutes', o.slot_minutes, 'bufferMinutes', o.buffer_minutes, 'minNoticeMinutes', o.min_notice_minutes,
    'horizonDays', o.horizon_days, 'calendarId', o.calendar_id)
$$;
