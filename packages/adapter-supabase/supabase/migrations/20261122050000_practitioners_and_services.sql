-- Practitioners and services (issue 14): a clinic is no longer one calendar. Practitioners (each
-- with their calendar and hours, defaulting to the clinic's) and services (length, buffers,
-- notice, who offers them; one default per clinic) are new tables; every appointment names its
-- practitioner and service, and the no-overlap rule is per practitioner (buffers before and after
-- included), so one clinic's practitioners book in parallel. The booking functions take a
-- placement (candidates, times, the local day) and choose the first free candidate by the rule
-- in ranked_candidates. Existing data: every clinic gets its default staff (a practitioner "the
-- clinic" on its calendar and a default service "appointment" of its slot length), and every
-- existing appointment is assigned to them (blocks_from = starts_at: no buffer before).

alter table organizations
  add column allow_duration_override boolean not null default true,
  add column unknown_service_falls_back boolean not null default false;

create table practitioners (
  id            uuid primary key,
  org_id        uuid not null references organizations (id) on delete cascade,
  name          text not null,
  active        boolean not null default true,
  calendar_id   text,
  opening_hours jsonb,
  position      bigint generated always as identity,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now(),
  constraint uq_practitioners_org_id unique (org_id, id),
  constraint ck_practitioners_name check (char_length(name) between 1 and 200),
  constraint ck_practitioners_calendar_id check (calendar_id is null or calendar_id ~ '\S')
);

create table services (
  id                    uuid primary key,
  org_id                uuid not null references organizations (id) on delete cascade,
  name                  text not null,
  synonyms              text[] not null default '{}',
  duration_minutes      integer not null,
  buffer_before_minutes integer not null default 0,
  buffer_after_minutes  integer,
  min_notice_minutes    integer,
  active                boolean not null default true,
  is_default            boolean not null default false,
  position              bigint generated always as identity,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now(),
  constraint uq_services_org_id unique (org_id, id),
  constraint ck_services_name check (char_length(name) between 1 and 200),
  constraint ck_services_duration check (duration_minutes between 5 and 480),
  constraint ck_services_buffers check (
    buffer_before_minutes >= 0 and (buffer_after_minutes is null or buffer_after_minutes >= 0)),
  constraint ck_services_min_notice check (min_notice_minutes is null or min_notice_minutes >= 0),
  constraint ck_services_default_active check (active or not is_default)
);
create unique index uq_services_org_default on services (org_id) where is_default;

create table service_practitioners (
  org_id          uuid not null,
  service_id      uuid not null,
  practitioner_id uuid not null,
  position        integer not null,
  primary key (service_id, practitioner_id),
  constraint fk_service_practitioners_service foreign key (org_id, service_id)
    references services (org_id, id) on delete cascade,
  constraint fk_service_practitioners_practitioner foreign key (org_id, practitioner_id)
    references practitioners (org_id, id) on delete cascade
);
create index ix_service_practitioners_practitioner on service_practitioners (practitioner_id);

alter table practitioners enable row level security;
alter table services enable row level security;
alter table service_practitioners enable row level security;

alter table appointments
  add column practitioner_id uuid,
  add column service_id uuid,
  add column blocks_from timestamptz,
  add column calendar_event_calendar_id text;

-- Functions whose arguments changed go first (a changed signature is a new function).
drop function lock_calendar(uuid, text);
drop function apply_move(appointments, timestamptz, timestamptz, timestamptz);
drop function book_appointment(uuid, uuid, text, text, text, text, text, timestamptz, timestamptz, timestamptz, text, integer);
drop function reschedule_appointment(uuid, uuid, timestamptz, timestamptz, timestamptz);
drop function reschedule_for_caller(uuid, uuid, text, text, text, timestamptz, timestamptz, timestamptz, text, integer);
drop function mark_calendar_synced(uuid, uuid, integer, text);
drop function busy_intervals(uuid, text, timestamptz, timestamptz);
drop function complete_sync_job(bigint, integer, text);

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

create or replace function practitioner_json(p practitioners) returns jsonb
language sql stable parallel safe
as $$
  select jsonb_build_object(
    'id', p.id, 'orgId', p.org_id, 'name', p.name, 'active', p.active, 'calendarId', p.calendar_id,
    'openingHours', p.opening_hours)
$$;

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

create or replace function clinic_json(o organizations) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'orgId', o.id, 'name', o.name, 'zone', o.zone, 'region', o.region, 'openingHours', o.opening_hours,
    'slotMinutes', o.slot_minutes, 'bufferMinutes', o.buffer_minutes, 'minNoticeMinutes', o.min_notice_minutes,
    'horizonDays', o.horizon_days, 'calendarId', o.calendar_id, 'staff', staff_json(o))
$$;

create or replace function lock_practitioner(p_org_id uuid, p_practitioner_id uuid) returns void
language sql
as $$ select pg_advisory_xact_lock(hashtext(p_org_id::text), hashtext(p_practitioner_id::text)) $$;

create or replace function ranked_candidates(p_org_id uuid, p_placement jsonb, p_self uuid)
returns table (practitioner_id uuid, calendar_id text)
language sql stable
set search_path = public, pg_temp
as $$
  select (c.value ->> 'practitionerId')::uuid, c.value ->> 'calendarId'
    from jsonb_array_elements(p_placement -> 'candidates') with ordinality as c(value, ord)
    left join lateral (
      select count(*) filter (where a.starts_at >= (p_placement ->> 'dayStart')::timestamptz
                                and a.starts_at < (p_placement ->> 'dayEnd')::timestamptz) as that_day,
             max(a.created_at) as last_booked
        from appointments a
       where a.org_id = p_org_id and a.practitioner_id = (c.value ->> 'practitionerId')::uuid
         and a.status = 'booked' and a.id is distinct from p_self) load on true
   order by load.that_day, load.last_booked nulls first, c.ord
$$;

create or replace function place_appointment(p_row appointments, p_placement jsonb, p_move boolean)
returns appointments
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_candidate record;
  v_row appointments := p_row;
begin
  v_row.service_id := (p_placement ->> 'serviceId')::uuid;
  v_row.starts_at := (p_placement ->> 'startsAt')::timestamptz;
  v_row.ends_at := (p_placement ->> 'endsAt')::timestamptz;
  v_row.blocks_from := (p_placement ->> 'blocksFrom')::timestamptz;
  v_row.blocks_until := (p_placement ->> 'blocksUntil')::timestamptz;
  for v_candidate in select * from ranked_candidates(p_row.org_id, p_placement, p_row.id) loop
    begin
      perform lock_practitioner(p_row.org_id, v_candidate.practitioner_id);
      v_row.practitioner_id := v_candidate.practitioner_id;
      v_row.calendar_id := v_candidate.calendar_id;
      if p_move then
        update appointments a
           set practitioner_id = v_row.practitioner_id, service_id = v_row.service_id,
               calendar_id = v_row.calendar_id, starts_at = v_row.starts_at, ends_at = v_row.ends_at,
               blocks_from = v_row.blocks_from, blocks_until = v_row.blocks_until,
               version = a.version + 1, calendar_sync = 'pending', updated_at = now()
         where a.id = v_row.id
        returning * into v_row;
      else
        insert into appointments select v_row.* returning * into v_row;
      end if;
      return v_row;
    exception when exclusion_violation then
      null; -- this candidate is busy then: try the next
    end;
  end loop;
  raise exception 'no candidate practitioner is free' using errcode = 'exclusion_violation';
end;
$$;

create or replace function apply_move(p_appointment appointments, p_placement jsonb)
returns appointments
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_appointment appointments;
begin
  v_appointment := place_appointment(p_appointment, p_placement, true);
  insert into calendar_sync_jobs (org_id, appointment_id, version)
  values (v_appointment.org_id, v_appointment.id, v_appointment.version);
  return v_appointment;
end;
$$;

create or replace function book_appointment(
  p_org_id uuid, p_appointment_id uuid, p_idempotency_key text,
  p_phone text, p_email text, p_name text,
  p_placement jsonb, p_service_type text, p_key_window_seconds integer default null)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_receipt jsonb;
  v_resolved record;
  v_contact contacts;
  v_appointment appointments;
  v_draft appointments;
begin
  if p_idempotency_key is not null then
    perform lock_retry_key(p_org_id, 'book', p_idempotency_key);
    select r.receipt into v_receipt from live_receipt(p_org_id, 'book', p_idempotency_key) r;
    if v_receipt is not null then
      return jsonb_build_object('receipt', v_receipt, 'replayed', true);
    end if;
  end if;

  if not exists (select 1 from organizations o where o.id = p_org_id) then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;

  begin
    select * into v_resolved from resolve_contact_row(p_org_id, p_phone, p_email, p_name);
    select * into v_contact from contacts c where c.id = v_resolved.contact_id;
    v_draft.id := p_appointment_id;
    v_draft.org_id := p_org_id;
    v_draft.contact_id := v_contact.id;
    v_draft.status := 'booked';
    v_draft.service_type := p_service_type;
    v_draft.patient_name := coalesce(p_name, v_contact.name);
    v_draft.version := 1;
    v_draft.calendar_sync := 'pending';
    v_draft.idempotency_key := p_idempotency_key;
    v_draft.created_at := now();
    v_draft.updated_at := now();
    v_appointment := place_appointment(v_draft, p_placement, false);
  exception when exclusion_violation then
    -- Rolls back the contact changes too: a refused booking leaves nothing behind.
    return jsonb_build_object('error', 'SLOT_UNAVAILABLE');
  end;

  v_receipt := jsonb_build_object(
    'appointment', appointment_json(v_appointment),
    'contact', contact_json(v_contact),
    'contactPath', v_resolved.path);
  if p_idempotency_key is not null then
    perform record_receipt(p_org_id, 'book', p_idempotency_key, p_key_window_seconds, v_appointment.id, v_receipt);
  end if;
  insert into calendar_sync_jobs (org_id, appointment_id, version)
  values (p_org_id, v_appointment.id, v_appointment.version);
  return jsonb_build_object('receipt', v_receipt, 'replayed', false);
end;
$$;

create or replace function reschedule_appointment(p_org_id uuid, p_appointment_id uuid, p_placement jsonb)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_appointment appointments;
begin
  select * into v_appointment from appointments a
    where a.org_id = p_org_id and a.id = p_appointment_id
    for update;
  if v_appointment.id is null then
    return jsonb_build_object('error', 'APPOINTMENT_NOT_FOUND');
  end if;
  if v_appointment.status = 'cancelled' then
    return jsonb_build_object('error', 'APPOINTMENT_CANCELLED');
  end if;
  begin
    select * into v_appointment from apply_move(v_appointment, p_placement);
  exception when exclusion_violation then
    return jsonb_build_object('error', 'SLOT_UNAVAILABLE');
  end;
  return jsonb_build_object('appointment', appointment_json(v_appointment));
end;
$$;

create or replace function reschedule_for_caller(
  p_org_id uuid, p_appointment_id uuid, p_caller_id text, p_phone text, p_email text,
  p_placement jsonb, p_idempotency_key text, p_key_window_seconds integer)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_replayed jsonb;
  v_appointment appointments;
begin
  if p_idempotency_key is not null then
    perform lock_retry_key(p_org_id, 'reschedule', p_idempotency_key);
    select replayed_change(p_org_id, 'reschedule', p_idempotency_key) into v_replayed;
    if v_replayed is not null then
      return v_replayed;
    end if;
  end if;
  select * into v_appointment
    from lock_callers_appointment(p_org_id, p_appointment_id, p_caller_id, p_phone, p_email);
  if v_appointment.id is null then
    return jsonb_build_object('error', 'CALLER_NOT_VERIFIED');
  end if;
  if v_appointment.status = 'cancelled' then
    return jsonb_build_object('error', 'APPOINTMENT_CANCELLED');
  end if;
  begin
    select * into v_appointment from apply_move(v_appointment, p_placement);
  exception when exclusion_violation then
    return jsonb_build_object('error', 'SLOT_UNAVAILABLE');
  end;
  if p_idempotency_key is not null then
    perform record_receipt(p_org_id, 'reschedule', p_idempotency_key, p_key_window_seconds, v_appointment.id,
      jsonb_build_object('appointment', appointment_json(v_appointment)));
  end if;
  return change_json(v_appointment, false);
end;
$$;

create or replace function mark_calendar_synced(
  p_org_id uuid, p_appointment_id uuid, p_version integer, p_event_id text, p_calendar_id text)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_appointment appointments;
begin
  select * into v_appointment from appointments a
    where a.org_id = p_org_id and a.id = p_appointment_id
    for update;
  if v_appointment.id is null then
    return jsonb_build_object('error', 'APPOINTMENT_NOT_FOUND');
  end if;
  if v_appointment.version = p_version then
    update appointments a
       set calendar_sync = 'synced', calendar_event_id = p_event_id, calendar_event_calendar_id = p_calendar_id,
           updated_at = now()
     where a.id = p_appointment_id
    returning * into v_appointment;
    delete from calendar_sync_jobs j where j.appointment_id = p_appointment_id and j.version <= p_version;
  end if;
  return jsonb_build_object('appointment', appointment_json(v_appointment));
end;
$$;

create or replace function busy_intervals(
  p_org_id uuid, p_practitioner_ids jsonb, p_from timestamptz, p_to timestamptz)
returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_object_agg(ids.id, coalesce(
      (select jsonb_agg(jsonb_build_object('start', iso_instant(a.blocks_from), 'end', iso_instant(a.blocks_until))
                        order by a.blocks_from, a.created_at, a.id)
         from appointments a
        where a.org_id = p_org_id and a.practitioner_id = ids.id and a.status = 'booked'
          and a.blocks_from < p_to and p_from < a.blocks_until),
      '[]'::jsonb)), '{}'::jsonb)
    from (select distinct x::uuid as id from jsonb_array_elements_text(p_practitioner_ids) x) ids
$$;

create or replace function save_clinic(p_mode text, p_clinic jsonb, p_links jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org_id uuid := (p_clinic ->> 'orgId')::uuid;
  v_assistants text[] := case when jsonb_typeof(p_links -> 'assistantIds') = 'array' then array(
    select distinct x from jsonb_array_elements_text(p_links -> 'assistantIds') x order by 1) end;
  v_numbers text[] := case when jsonb_typeof(p_links -> 'phoneNumberIds') = 'array' then array(
    select distinct x from jsonb_array_elements_text(p_links -> 'phoneNumberIds') x order by 1) end;
  v_row organizations;
  v_refusal jsonb;
  v_table text;
begin
  if p_mode is null or p_mode not in ('create', 'update') then
    raise exception 'save_clinic: p_mode must be create or update, not %', p_mode using errcode = '22023';
  end if;
  if exists (select 1 from unnest(v_assistants) x where x is null or x !~ '\S') then
    return jsonb_build_object('error', 'INVALID_INPUT', 'field', 'vapiAssistantIds', 'message', 'An id is blank.');
  end if;
  if exists (select 1 from unnest(v_numbers) x where x is null or x !~ '\S') then
    return jsonb_build_object('error', 'INVALID_INPUT', 'field', 'vapiPhoneNumberIds', 'message', 'An id is blank.');
  end if;

  if p_mode = 'create' then
    if exists (select 1 from organizations o where o.id = v_org_id) then
      return jsonb_build_object('error', 'INVALID_INPUT', 'field', 'id', 'message', 'A clinic with this id already exists.');
    end if;
  else
    perform 1 from organizations o where o.id = v_org_id for no key update;
    if not found then
      return jsonb_build_object('error', 'UNKNOWN_ORG');
    end if;
  end if;

  v_refusal := vapi_ids_taken(v_org_id, v_assistants, v_numbers);
  if v_refusal is not null then
    return v_refusal;
  end if;

  begin
    if p_mode = 'create' then
      insert into organizations (
        id, name, zone, region, opening_hours, slot_minutes, buffer_minutes, min_notice_minutes, horizon_days,
        calendar_id)
      values (
        v_org_id, p_clinic ->> 'name',
        coalesce(p_clinic ->> 'zone', 'Europe/London'), coalesce(p_clinic ->> 'region', 'GB'),
        coalesce(p_clinic -> 'openingHours', '{"1":[],"2":[],"3":[],"4":[],"5":[],"6":[],"7":[]}'::jsonb),
        coalesce((p_clinic ->> 'slotMinutes')::integer, 30), coalesce((p_clinic ->> 'bufferMinutes')::integer, 0),
        coalesce((p_clinic ->> 'minNoticeMinutes')::integer, 60), coalesce((p_clinic ->> 'horizonDays')::integer, 90),
        coalesce(p_clinic ->> 'calendarId', 'primary'))
      returning * into v_row;
      perform seed_staff(v_row, p_clinic -> 'staff');
    else
      update organizations o set
        name = p_clinic ->> 'name',
        zone = coalesce(p_clinic ->> 'zone', 'Europe/London'), region = coalesce(p_clinic ->> 'region', 'GB'),
        opening_hours = coalesce(p_clinic -> 'openingHours', '{"1":[],"2":[],"3":[],"4":[],"5":[],"6":[],"7":[]}'::jsonb),
        slot_minutes = coalesce((p_clinic ->> 'slotMinutes')::integer, 30),
        buffer_minutes = coalesce((p_clinic ->> 'bufferMinutes')::integer, 0),
        min_notice_minutes = coalesce((p_clinic ->> 'minNoticeMinutes')::integer, 60),
        horizon_days = coalesce((p_clinic ->> 'horizonDays')::integer, 90),
        calendar_id = coalesce(p_clinic ->> 'calendarId', 'primary'), updated_at = now()
       where o.id = v_org_id
      returning * into v_row;
    end if;

    if v_assistants is not null then
      delete from vapi_assistants a where a.org_id = v_org_id and a.assistant_id <> all(v_assistants);
      insert into vapi_assistants (assistant_id, org_id)
      select x, v_org_id from unnest(v_assistants) x
       where not exists (select 1 from vapi_assistants a where a.assistant_id = x and a.org_id = v_org_id)
       order by 1;
    end if;
    if v_numbers is not null then
      delete from vapi_phone_numbers p where p.org_id = v_org_id and p.phone_number_id <> all(v_numbers);
      insert into vapi_phone_numbers (phone_number_id, org_id)
      select x, v_org_id from unnest(v_numbers) x
       where not exists (select 1 from vapi_phone_numbers p where p.phone_number_id = x and p.org_id = v_org_id)
       order by 1;
    end if;
  exception when unique_violation then
    -- A racing writer committed first: another create of this id, or another clinic took an id.
    get stacked diagnostics v_table = table_name;
    if v_table = 'organizations' then
      return jsonb_build_object('error', 'INVALID_INPUT', 'field', 'id', 'message', 'A clinic with this id already exists.');
    end if;
    return coalesce(vapi_ids_taken(v_org_id, v_assistants, v_numbers), jsonb_build_object(
      'error', 'INVALID_INPUT',
      'field', case v_table when 'vapi_assistants' then 'vapiAssistantIds' else 'vapiPhoneNumberIds' end,
      'ids', '[]'::jsonb, 'message', 'An id already belongs to another clinic.'));
  end;
  return jsonb_build_object('clinic', clinic_json(v_row), 'links', vapi_links_json(v_org_id));
end;
$$;

create or replace function lock_catalog(p_org_id uuid) returns organizations
language sql
set search_path = public, pg_temp
as $$ select * from organizations o where o.id = p_org_id for no key update $$;

create or replace function catalog_refusal(p_field text, p_message text) returns jsonb
language sql immutable
as $$ select jsonb_build_object('error', 'INVALID_INPUT', 'field', p_field, 'message', p_message) $$;

create or replace function catalog_id_in_use(p_id uuid) returns boolean
language sql stable
set search_path = public, pg_temp
as $$
  select exists (select 1 from practitioners x where x.id = p_id) or exists (select 1 from services x where x.id = p_id)
$$;

create or replace function set_service_practitioners(p_org_id uuid, p_service_id uuid, p_ids jsonb) returns void
language sql
set search_path = public, pg_temp
as $$
  delete from service_practitioners sp where sp.service_id = p_service_id;
  insert into service_practitioners (org_id, service_id, practitioner_id, position)
  select p_org_id, p_service_id, x.value::uuid, x.ord
    from jsonb_array_elements_text(p_ids) with ordinality as x(value, ord);
$$;

create or replace function insert_practitioner(p_org_id uuid, p jsonb) returns practitioners
language sql
set search_path = public, pg_temp
as $$
  insert into practitioners (id, org_id, name, active, calendar_id, opening_hours)
  values ((p ->> 'id')::uuid, p_org_id, p ->> 'name', coalesce((p ->> 'active')::boolean, true),
          p ->> 'calendarId', case when jsonb_typeof(p -> 'openingHours') = 'object' then p -> 'openingHours' end)
  returning *
$$;

create or replace function insert_service(p_org_id uuid, s jsonb, p_default boolean) returns services
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_row services;
begin
  insert into services (
    id, org_id, name, synonyms, duration_minutes, buffer_before_minutes, buffer_after_minutes,
    min_notice_minutes, active, is_default)
  values (
    (s ->> 'id')::uuid, p_org_id, s ->> 'name',
    coalesce(array(select jsonb_array_elements_text(s -> 'synonyms')), '{}'),
    (s ->> 'durationMinutes')::integer, coalesce((s ->> 'bufferBeforeMinutes')::integer, 0),
    (s ->> 'bufferAfterMinutes')::integer, (s ->> 'minNoticeMinutes')::integer,
    coalesce((s ->> 'active')::boolean, true), p_default)
  returning * into v_row;
  perform set_service_practitioners(p_org_id, v_row.id, coalesce(s -> 'practitionerIds', '[]'::jsonb));
  return v_row;
end;
$$;

create or replace function seed_staff(p_org organizations, p_staff jsonb) returns void
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_practitioner uuid := gen_random_uuid();
  v_p jsonb;
  v_s jsonb;
begin
  if p_staff is null or jsonb_typeof(p_staff) <> 'object' then
    perform insert_practitioner(p_org.id, jsonb_build_object('id', v_practitioner, 'name', 'the clinic'));
    perform insert_service(p_org.id, jsonb_build_object(
      'id', gen_random_uuid(), 'name', 'appointment', 'durationMinutes', p_org.slot_minutes,
      'practitionerIds', jsonb_build_array(v_practitioner)), true);
    return;
  end if;
  for v_p in select x from jsonb_array_elements(p_staff -> 'practitioners') x loop
    perform insert_practitioner(p_org.id, v_p);
  end loop;
  for v_s in select x from jsonb_array_elements(p_staff -> 'services') x loop
    perform insert_service(p_org.id, v_s, (v_s ->> 'id') = (p_staff -> 'policy' ->> 'defaultServiceId'));
  end loop;
  update organizations o
     set allow_duration_override = coalesce((p_staff -> 'policy' ->> 'allowDurationOverride')::boolean, true),
         unknown_service_falls_back = coalesce((p_staff -> 'policy' ->> 'unknownServiceFallsBackToDefault')::boolean, false)
   where o.id = p_org.id;
end;
$$;

create or replace function get_staff(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('staff', staff_json(o)) from organizations o where o.id = p_org_id),
    jsonb_build_object('error', 'UNKNOWN_ORG'))
$$;

create or replace function create_practitioner(p jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org organizations := lock_catalog((p ->> 'orgId')::uuid);
begin
  if v_org.id is null then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  if catalog_id_in_use((p ->> 'id')::uuid) then
    return catalog_refusal('id', 'That id is in use.');
  end if;
  return jsonb_build_object('practitioner', practitioner_json(insert_practitioner(v_org.id, p)));
end;
$$;

create or replace function patch_practitioner(p_org_id uuid, p_id uuid, p_patch jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org organizations := lock_catalog(p_org_id);
  v_row practitioners;
begin
  if v_org.id is null then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  update practitioners x set
      name = case when p_patch ? 'name' then p_patch ->> 'name' else x.name end,
      active = case when p_patch ? 'active' then (p_patch ->> 'active')::boolean else x.active end,
      calendar_id = case when p_patch ? 'calendarId' then p_patch ->> 'calendarId' else x.calendar_id end,
      opening_hours = case when p_patch ? 'openingHours'
                           then case when jsonb_typeof(p_patch -> 'openingHours') = 'object' then p_patch -> 'openingHours' end
                           else x.opening_hours end,
      updated_at = now()
   where x.org_id = p_org_id and x.id = p_id
  returning * into v_row;
  if v_row.id is null then
    return jsonb_build_object('error', 'NOT_IN_CATALOG', 'entity', 'practitioner', 'id', p_id);
  end if;
  return jsonb_build_object('practitioner', practitioner_json(v_row));
end;
$$;

create or replace function create_service(s jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org organizations := lock_catalog((s ->> 'orgId')::uuid);
  v_row services;
begin
  if v_org.id is null then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  if catalog_id_in_use((s ->> 'id')::uuid) then
    return catalog_refusal('id', 'That id is in use.');
  end if;
  begin
    v_row := insert_service(v_org.id, s, false);
  exception when foreign_key_violation then
    return catalog_refusal('practitionerIds', 'The clinic has no practitioner with one of those ids.');
  end;
  -- A statement of its own, so service_json (stable) sees the practitioners just linked.
  return jsonb_build_object('service', service_json(v_row));
end;
$$;

create or replace function patch_service(p_org_id uuid, p_id uuid, p_patch jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org organizations := lock_catalog(p_org_id);
  v_row services;
begin
  if v_org.id is null then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  select * into v_row from services x where x.org_id = p_org_id and x.id = p_id;
  if v_row.id is null then
    return jsonb_build_object('error', 'NOT_IN_CATALOG', 'entity', 'service', 'id', p_id);
  end if;
  if v_row.is_default and (p_patch ->> 'active')::boolean is false then
    return catalog_refusal('active', 'The default service cannot be deactivated.');
  end if;
  begin
    update services x set
        name = case when p_patch ? 'name' then p_patch ->> 'name' else x.name end,
        synonyms = case when p_patch ? 'synonyms'
                        then coalesce(array(select jsonb_array_elements_text(p_patch -> 'synonyms')), '{}')
                        else x.synonyms end,
        duration_minutes = coalesce((p_patch ->> 'durationMinutes')::integer, x.duration_minutes),
        buffer_before_minutes = coalesce((p_patch ->> 'bufferBeforeMinutes')::integer, x.buffer_before_minutes),
        buffer_after_minutes = case when p_patch ? 'bufferAfterMinutes'
                                    then (p_patch ->> 'bufferAfterMinutes')::integer else x.buffer_after_minutes end,
        min_notice_minutes = case when p_patch ? 'minNoticeMinutes'
                                  then (p_patch ->> 'minNoticeMinutes')::integer else x.min_notice_minutes end,
        active = coalesce((p_patch ->> 'active')::boolean, x.active),
        updated_at = now()
     where x.id = p_id
    returning * into v_row;
    if p_patch ? 'practitionerIds' then
      perform set_service_practitioners(p_org_id, p_id, p_patch -> 'practitionerIds');
    end if;
  exception when foreign_key_violation then
    return catalog_refusal('practitionerIds', 'The clinic has no practitioner with one of those ids.');
  end;
  return jsonb_build_object('service', service_json(v_row));
end;
$$;

create or replace function set_booking_policy(p_org_id uuid, p_policy jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org organizations := lock_catalog(p_org_id);
  v_default uuid;
begin
  if v_org.id is null then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  if p_policy ? 'defaultServiceId' then
    select x.id into v_default from services x
     where x.org_id = p_org_id and x.active and x.id::text = p_policy ->> 'defaultServiceId';
    if v_default is null then
      return catalog_refusal('defaultServiceId', 'The default service must be an active service of the clinic.');
    end if;
    update services x set is_default = false, updated_at = now() where x.org_id = p_org_id and x.is_default and x.id <> v_default;
    update services x set is_default = true, updated_at = now() where x.id = v_default and not x.is_default;
  end if;
  update organizations o
     set allow_duration_override = coalesce((p_policy ->> 'allowDurationOverride')::boolean, o.allow_duration_override),
         unknown_service_falls_back = coalesce(
           (p_policy ->> 'unknownServiceFallsBackToDefault')::boolean, o.unknown_service_falls_back),
         updated_at = now()
   where o.id = p_org_id
  returning * into v_org;
  return jsonb_build_object('policy', staff_json(v_org) -> 'policy');
end;
$$;

create or replace function schema_checks() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  with
  ext as (select e.extversion from pg_extension e where e.extname = 'btree_gist'),
  phone as (
    select con.contype::text as kind, pg_get_constraintdef(con.oid) as def,
           (select array_agg(a.attname::text order by k.ord) from unnest(con.conkey) with ordinality k(attnum, ord)
              join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as cols
      from pg_constraint con
     where con.conrelid = to_regclass('public.contacts') and con.conname = 'uq_contacts_org_phone'),
  overlap as (
    select con.contype::text as kind, pg_get_constraintdef(con.oid) as def
      from pg_constraint con
     where con.conrelid = to_regclass('public.appointments') and con.conname = 'ex_appointments_practitioner_no_overlap'),
  contact_col as (
    select a.attnotnull,
           (select con.confdeltype::text from pg_constraint con
             where con.conrelid = a.attrelid and con.contype = 'f' and con.conkey = array[a.attnum]) as on_delete
      from pg_attribute a
     where a.attrelid = to_regclass('public.appointments') and a.attname = 'contact_id' and not a.attisdropped),
  tables as (
    select c.relname::text as name, c.relrowsecurity as rls
      from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
       and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')),
  open_functions as (
    select p.oid::regprocedure::text as name
      from pg_proc p
     where p.pronamespace = 'public'::regnamespace
       and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
       and (p.proacl is null
            or exists (select 1 from aclexplode(p.proacl) g where g.grantee = 0 and g.privilege_type = 'EXECUTE')
            or exists (select 1 from pg_roles r
                        where r.rolname in ('anon', 'authenticated')
                          and has_function_privilege(r.oid, p.oid, 'EXECUTE'))))
  select jsonb_build_array(
    (select jsonb_build_object(
       'name', 'extension btree_gist',
       'ok', exists (select 1 from ext),
       'detail', coalesce('installed, version ' || (select extversion from ext), 'not installed'),
       'fix', case when exists (select 1 from ext) then null else
         'create extension if not exists btree_gist; -- on Supabase: Database, Extensions, btree_gist' end)),
    (select jsonb_build_object(
       'name', 'constraint uq_contacts_org_phone',
       'ok', coalesce(p.kind = 'u' and p.cols = array['org_id', 'phone'], false),
       'detail', coalesce(p.def, 'missing: two contacts of a clinic could share a phone number'),
       'fix', case when coalesce(p.kind = 'u' and p.cols = array['org_id', 'phone'], false) then null else
         'alter table contacts drop constraint if exists uq_contacts_org_phone; '
         || 'alter table contacts add constraint uq_contacts_org_phone unique (org_id, phone); '
         || '-- a full UNIQUE constraint, never a partial or expression index; merge duplicate contacts first' end)
       from (select 1) one left join phone p on true),
    (select jsonb_build_object(
       'name', 'constraint ex_appointments_practitioner_no_overlap',
       'ok', coalesce(o.kind = 'x', false),
       'detail', coalesce(o.def, 'missing: two live appointments of a practitioner could overlap'),
       'fix', case when coalesce(o.kind = 'x', false) then null else
         'alter table appointments add constraint ex_appointments_practitioner_no_overlap exclude using gist '
         || '(practitioner_id with =, tstzrange(blocks_from, blocks_until) with &&) where (status = ''booked''); '
         || '-- needs btree_gist; cancel or move overlapping live appointments first' end)
       from (select 1) one left join overlap o on true),
    (select jsonb_build_object(
       'name', 'column appointments.contact_id nullable',
       'ok', coalesce(not c.attnotnull and c.on_delete = 'n', false),
       'detail', case when c.attnotnull is null then 'missing'
                      when c.attnotnull then 'NOT NULL: deleting a contact would block or lose appointments'
                      when c.on_delete is distinct from 'n' then 'nullable, but its foreign key is not ON DELETE SET NULL'
                      else 'nullable, ON DELETE SET NULL' end,
       'fix', case when coalesce(not c.attnotnull and c.on_delete = 'n', false) then null else
         'alter table appointments alter column contact_id drop not null; '
         || 'alter table appointments drop constraint if exists appointments_contact_id_fkey; '
         || 'alter table appointments add constraint appointments_contact_id_fkey foreign key (contact_id) '
         || 'references contacts (id) on delete set null;' end)
       from (select 1) one left join contact_col c on true),
    (select jsonb_build_object(
       'name', 'row level security on every table',
       'ok', coalesce(bool_and(t.rls), false),
       'detail', case when count(*) = 0 then 'no tables'
                      when bool_and(t.rls) then 'on for all ' || count(*) || ' tables'
                      else 'off on: ' || string_agg(t.name, ', ' order by t.name) filter (where not t.rls) end,
       'fix', case when coalesce(bool_and(t.rls), false) then null else
         coalesce(string_agg(format('alter table %I enable row level security;', t.name), ' ' order by t.name)
                    filter (where not t.rls), 'apply the migrations') end)
       from tables t),
    (select jsonb_build_object(
       'name', 'functions closed to client roles',
       'ok', count(*) = 0,
       'detail', case when count(*) = 0 then 'only the backend may call them'
                      else 'callable by PUBLIC, anon or authenticated: '
                           || string_agg(f.name, ', ' order by f.name) end,
       'fix', case when count(*) = 0 then null else 'select restrict_to_backend();' end)
       from open_functions f))
$$;

create or replace function complete_sync_job(
  p_job_id bigint, p_version integer default null, p_event_id text default null, p_calendar_id text default null)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_job calendar_sync_jobs;
begin
  select * into v_job from calendar_sync_jobs j where j.id = p_job_id;
  if v_job.id is null then
    return jsonb_build_object('completed', false);
  end if;
  perform 1 from appointments a where a.id = v_job.appointment_id for update;
  delete from calendar_sync_jobs j where j.id = p_job_id;
  if not found then
    return jsonb_build_object('completed', false); -- another completion removed it while this one waited
  end if;
  if p_event_id is not null then
    perform mark_calendar_synced(v_job.org_id, v_job.appointment_id, p_version, p_event_id, p_calendar_id);
  end if;
  return jsonb_build_object('completed', true);
end;
$$;

create or replace function schema_version() returns jsonb
language sql stable
as $$ select jsonb_build_object('version', '20261122050000') $$;

-- Every existing clinic gets its default staff; every existing appointment goes to it.
select seed_staff(o, null) from organizations o order by o.id;

update appointments a
   set practitioner_id = (select p.id from practitioners p where p.org_id = a.org_id order by p.position limit 1),
       service_id = (select s.id from services s where s.org_id = a.org_id and s.is_default),
       blocks_from = a.starts_at;

alter table appointments
  alter column practitioner_id set not null,
  alter column service_id set not null,
  alter column blocks_from set not null,
  drop constraint ex_appointments_no_overlap,
  drop constraint ck_appointments_times,
  add constraint ck_appointments_times check (
    blocks_from <= starts_at and starts_at < ends_at and ends_at <= blocks_until),
  add constraint fk_appointments_practitioner foreign key (org_id, practitioner_id) references practitioners (org_id, id),
  add constraint fk_appointments_service foreign key (org_id, service_id) references services (org_id, id),
  add constraint ex_appointments_practitioner_no_overlap exclude using gist (
    practitioner_id with =,
    tstzrange(blocks_from, blocks_until) with &&
  ) where (status = 'booked');

select restrict_to_backend();
