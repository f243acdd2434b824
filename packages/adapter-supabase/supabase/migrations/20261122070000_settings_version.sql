-- Issue 15: the booking hot path at one round trip. Each clinic has a settings version, bumped by
-- triggers on every change to what a booking reads (schemas/47_settings_version.sql); the Clinic
-- carries it, and book_appointment refuses a booking judged with an older one ("SETTINGS_STALE"),
-- answers a replay with its appointment as it is now, and a refusal with the busy intervals its
-- alternatives need.

alter table organizations add column settings_version bigint not null default 1;

-- Any update of a clinic's row is a change of its settings.
create or replace function bump_own_settings_version() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
  new.settings_version := greatest(new.settings_version, old.settings_version + 1);
  return new;
end;
$$;

create trigger trg_organizations_settings_version
  before update on organizations
  for each row execute function bump_own_settings_version();

-- A row of a table the clinic's settings are read from changed: bump its clinic (both, when the
-- row moved from one to another).
create or replace function bump_clinic_settings_version() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if tg_op <> 'INSERT' then
    update organizations o set settings_version = o.settings_version + 1 where o.id = old.org_id;
  end if;
  if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.org_id is distinct from old.org_id) then
    update organizations o set settings_version = o.settings_version + 1 where o.id = new.org_id;
  end if;
  return null;
end;
$$;

create trigger trg_practitioners_settings_version
  after insert or update or delete on practitioners
  for each row execute function bump_clinic_settings_version();

create trigger trg_services_settings_version
  after insert or update or delete on services
  for each row execute function bump_clinic_settings_version();

create trigger trg_service_practitioners_settings_version
  after insert or update or delete on service_practitioners
  for each row execute function bump_clinic_settings_version();

create trigger trg_vapi_assistants_settings_version
  after insert or update or delete on vapi_assistants
  for each row execute function bump_clinic_settings_version();

create trigger trg_vapi_phone_numbers_settings_version
  after insert or update or delete on vapi_phone_numbers
  for each row execute function bump_clinic_settings_version();

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

-- Whether p_version (the settings version a caller judged with; null: not checked) is not the
-- clinic's current one (schemas/47_settings_version.sql). An unknown clinic is not stale.
create or replace function settings_stale(p_org_id uuid, p_version bigint) returns boolean
language sql stable
set search_path = public, pg_temp
as $$
  select p_version is not null
     and exists (select 1 from organizations o where o.id = p_org_id and o.settings_version <> p_version)
$$;

drop function book_appointment(uuid, uuid, text, text, text, text, jsonb, text, integer);

-- A booking (BookingStore.book): the key's receipt if any, with its appointment as it is NOW
-- ("current": a replay needs no second read); else the contact resolved and the appointment
-- placed with the first free candidate of p_placement ({candidates, serviceId, startsAt, endsAt,
-- blocksFrom, blocksUntil, dayStart, dayEnd}), the receipt and the calendar job.
-- p_settings_version: the clinic's settings version the caller judged the slot with; when it is
-- not the clinic's current one, {"error": "SETTINGS_STALE"} and nothing is read or written (the
-- caller reloads the clinic and retries). p_busy_window ({practitionerIds, from, to}): on a
-- refusal, the busy intervals the caller's alternatives need come with it
-- ({"error": "SLOT_UNAVAILABLE", "busy": busy_intervals(...)}), so a refusal is one call too.
create or replace function book_appointment(
  p_org_id uuid, p_appointment_id uuid, p_idempotency_key text,
  p_phone text, p_email text, p_name text,
  p_placement jsonb, p_service_type text, p_key_window_seconds integer default null,
  p_settings_version bigint default null, p_busy_window jsonb default null)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_version bigint;
  v_stored booking_receipts;
  v_receipt jsonb;
  v_resolved record;
  v_contact contacts;
  v_appointment appointments;
  v_draft appointments;
begin
  select o.settings_version into v_version from organizations o where o.id = p_org_id;
  if v_version is not null and p_settings_version is not null and v_version <> p_settings_version then
    return jsonb_build_object('error', 'SETTINGS_STALE');
  end if;

  if p_idempotency_key is not null then
    perform lock_retry_key(p_org_id, 'book', p_idempotency_key);
    select * into v_stored from live_receipt(p_org_id, 'book', p_idempotency_key) r;
    if v_stored.receipt is not null then
      return jsonb_build_object('receipt', v_stored.receipt, 'replayed', true, 'current',
        (select appointment_json(a) from appointments a where a.org_id = p_org_id and a.id = v_stored.appointment_id));
    end if;
  end if;

  if v_version is null then
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
    return jsonb_build_object('error', 'SLOT_UNAVAILABLE') || case when p_busy_window is null then '{}'::jsonb
      else jsonb_build_object('busy', busy_intervals(p_org_id, p_busy_window -> 'practitionerIds',
        (p_busy_window ->> 'from')::timestamptz, (p_busy_window ->> 'to')::timestamptz)) end;
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

drop function reschedule_for_caller(uuid, uuid, text, text, text, jsonb, text, integer);

-- A caller's move (M1, A2): the key's recorded answer if any; else the appointment when it is
-- the caller's ({"error": "CALLER_NOT_VERIFIED"} otherwise, whether or not it exists), moved,
-- with the key's receipt. Refusals change and record nothing. p_settings_version: as
-- book_appointment's (another than the clinic's: {"error": "SETTINGS_STALE"}, nothing done).
create or replace function reschedule_for_caller(
  p_org_id uuid, p_appointment_id uuid, p_caller_id text, p_phone text, p_email text,
  p_placement jsonb, p_idempotency_key text, p_key_window_seconds integer,
  p_settings_version bigint default null)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_replayed jsonb;
  v_appointment appointments;
begin
  if settings_stale(p_org_id, p_settings_version) then
    return jsonb_build_object('error', 'SETTINGS_STALE');
  end if;
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

drop function busy_intervals(uuid, jsonb, timestamptz, timestamptz);

-- [blocks_from, blocks_until) of the live appointments of each practitioner asked for (a jsonb
-- array of ids) that
-- overlap [p_from, p_to): {"<practitioner id>": [{start, end}, ...], ...}, every id a key.
-- p_settings_version: as book_appointment's (another than the clinic's: {"error": "SETTINGS_STALE"}).
create or replace function busy_intervals(
  p_org_id uuid, p_practitioner_ids jsonb, p_from timestamptz, p_to timestamptz,
  p_settings_version bigint default null)
returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select case when settings_stale(p_org_id, p_settings_version) then jsonb_build_object('error', 'SETTINGS_STALE')
  else (select coalesce(jsonb_object_agg(ids.id, coalesce(
      (select jsonb_agg(jsonb_build_object('start', iso_instant(a.blocks_from), 'end', iso_instant(a.blocks_until))
                        order by a.blocks_from, a.created_at, a.id)
         from appointments a
        where a.org_id = p_org_id and a.practitioner_id = ids.id and a.status = 'booked'
          and a.blocks_from < p_to and p_from < a.blocks_until),
      '[]'::jsonb)), '{}'::jsonb)
    from (select distinct x::uuid as id from jsonb_array_elements_text(p_practitioner_ids) x) ids) end
$$;

create or replace function schema_version() returns jsonb
language sql stable
as $$ select jsonb_build_object('version', '20261122070000') $$;

select restrict_to_backend();
