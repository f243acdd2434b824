-- How rows leave the database: camelCase JSON shaped like the domain's types, instants as
-- ISO 8601 in UTC with milliseconds (exactly what a JavaScript Date round-trips).

create or replace function iso_instant(ts timestamptz) returns text
language sql stable parallel safe
as $$ select to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

create or replace function appointment_json(a appointments) returns jsonb
language sql stable parallel safe
as $$
  select jsonb_build_object(
    'id', a.id, 'orgId', a.org_id, 'contactId', a.contact_id, 'practitionerId', a.practitioner_id,
    'serviceId', a.service_id, 'calendarId', a.calendar_id,
    'startsAt', iso_instant(a.starts_at), 'endsAt', iso_instant(a.ends_at), 'blocksFrom', iso_instant(a.blocks_from),
    'blocksUntil', iso_instant(a.blocks_until), 'status', a.status, 'serviceType', a.service_type,
    'patientName', a.patient_name, 'version', a.version, 'calendarSync', a.calendar_sync,
    'calendarEventId', a.calendar_event_id, 'calendarEventCalendarId', a.calendar_event_calendar_id)
$$;

create or replace function contact_json(c contacts) returns jsonb
language sql stable parallel safe
as $$ select jsonb_build_object('id', c.id, 'orgId', c.org_id, 'phone', c.phone, 'email', c.email, 'name', c.name) $$;

-- The domain's Practitioner.
create or replace function practitioner_json(p practitioners) returns jsonb
language sql stable parallel safe
as $$
  select jsonb_build_object(
    'id', p.id, 'orgId', p.org_id, 'name', p.name, 'active', p.active, 'calendarId', p.calendar_id,
    'openingHours', p.opening_hours)
$$;

-- The domain's Service (its practitioners in the service's order).
create or replace function service_json(s services) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'id', s.id, 'orgId', s.org_id, 'name', s.name, 'synonyms', to_jsonb(s.synonyms),
    'durationMinutes', s.duration_minutes, 'bufferBeforeMinutes', s.buffer_before_minutes,
    'bufferAfterMinutes', s.buffer_after_minutes, 'minNoticeMinutes', s.min_notice_minutes,
    'practitionerIds', coalesce(
      (select jsonb_agg(sp.practitioner_id order by sp.position) from service_practitioners sp
        where sp.service_id = s.id),
      '[]'::jsonb),
    'active', s.active)
$$;

-- The domain's ClinicStaff: every practitioner and service (inactive ones too), in the clinic's
-- order, and the booking policy.
create or replace function staff_json(o organizations) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'practitioners', coalesce(
      (select jsonb_agg(practitioner_json(p) order by p.position) from practitioners p where p.org_id = o.id),
      '[]'::jsonb),
    'services', coalesce(
      (select jsonb_agg(service_json(s) order by s.position) from services s where s.org_id = o.id),
      '[]'::jsonb),
    'policy', jsonb_build_object(
      'defaultServiceId', (select s.id from services s where s.org_id = o.id and s.is_default),
      'allowDurationOverride', o.allow_duration_override,
      'unknownServiceFallsBackToDefault', o.unknown_service_falls_back))
$$;

-- The domain's Clinic: its ClinicSettings and its staff (what a booking reads, in one call).
create or replace function clinic_json(o organizations) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'orgId', o.id, 'name', o.name, 'zone', o.zone, 'region', o.region, 'openingHours', o.opening_hours,
    'slotMinutes', o.slot_minutes, 'bufferMinutes', o.buffer_minutes, 'minNoticeMinutes', o.min_notice_minutes,
    'horizonDays', o.horizon_days, 'calendarId', o.calendar_id, 'staff', staff_json(o),
    'settingsVersion', o.settings_version)
$$;

-- The org's Vapi ids, each list sorted: {"assistantIds": [...], "phoneNumberIds": [...]}.
create or replace function vapi_links_json(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'assistantIds', coalesce(
      (select jsonb_agg(a.assistant_id order by a.assistant_id) from vapi_assistants a where a.org_id = p_org_id),
      '[]'::jsonb),
    'phoneNumberIds', coalesce(
      (select jsonb_agg(p.phone_number_id order by p.phone_number_id) from vapi_phone_numbers p
        where p.org_id = p_org_id),
      '[]'::jsonb))
$$;

-- A calendar link as the IntegrationStore reads it (tokens still encrypted).
create or replace function integration_json(i tenant_integrations) returns jsonb
language sql stable parallel safe
as $$
  select jsonb_build_object(
    'orgId', i.org_id, 'provider', i.provider, 'calendarId', i.calendar_id, 'status', i.status,
    'statusReason', i.status_reason, 'accessTokenEncrypted', i.access_token_encrypted,
    'refreshTokenEncrypted', i.refresh_token_encrypted, 'expiresAt', iso_instant(i.expires_at), 'scope', i.scope)
$$;
