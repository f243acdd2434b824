-- Clinic settings and tenant identity.

create or replace function get_clinic(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('clinic', clinic_json(o)) from organizations o where o.id = p_org_id),
    jsonb_build_object('error', 'UNKNOWN_ORG'))
$$;

-- Creates or replaces a clinic from its settings (the domain's ClinicSettings as JSON).
create or replace function save_clinic(p_clinic jsonb) returns jsonb
language sql
set search_path = public, pg_temp
as $$
  insert into organizations as o (
    id, name, zone, region, opening_hours, slot_minutes, buffer_minutes, min_notice_minutes, horizon_days, calendar_id)
  values (
    (p_clinic ->> 'orgId')::uuid, p_clinic ->> 'name',
    coalesce(p_clinic ->> 'zone', 'Europe/London'), coalesce(p_clinic ->> 'region', 'GB'),
    coalesce(p_clinic -> 'openingHours', '{"1":[],"2":[],"3":[],"4":[],"5":[],"6":[],"7":[]}'::jsonb),
    coalesce((p_clinic ->> 'slotMinutes')::integer, 30), coalesce((p_clinic ->> 'bufferMinutes')::integer, 0),
    coalesce((p_clinic ->> 'minNoticeMinutes')::integer, 60), coalesce((p_clinic ->> 'horizonDays')::integer, 90),
    coalesce(p_clinic ->> 'calendarId', 'primary'))
  on conflict (id) do update set
    name = excluded.name, zone = excluded.zone, region = excluded.region, opening_hours = excluded.opening_hours,
    slot_minutes = excluded.slot_minutes, buffer_minutes = excluded.buffer_minutes,
    min_notice_minutes = excluded.min_notice_minutes, horizon_days = excluded.horizon_days,
    calendar_id = excluded.calendar_id, updated_at = now()
  returning jsonb_build_object('clinic', clinic_json(o))
$$;

-- The org a Vapi call belongs to, from the assistant id or the phone-number id Vapi sends.
create or replace function org_for_vapi(p_assistant_id text, p_phone_number_id text) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('orgId', a.org_id) from vapi_assistants a where a.assistant_id = p_assistant_id),
    (select jsonb_build_object('orgId', p.org_id) from vapi_phone_numbers p where p.phone_number_id = p_phone_number_id),
    jsonb_build_object('error', 'UNKNOWN_ORG'))
$$;
