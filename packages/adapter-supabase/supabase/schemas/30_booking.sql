-- The booking store's operations, each one function call: one round trip, one transaction.
-- Expected refusals are results ({"error": "SLOT_UNAVAILABLE"}, ...), never exceptions, so
-- every client (pg, PGlite, PostgREST) sees the same answer.

-- ContactResolution (packages/domain/src/contacts/contact-resolution.ts), race-safe:
--  * phone given: the contact with that phone, email and name updated (upsert on the FULL
--    constraint uq_contacts_org_phone). If no contact has the phone, a phone-less contact with
--    the same email takes it ("promoted"); a concurrent writer that gives the phone to another
--    contact first turns the promotion into the phone path (unique_violation caught).
--  * email only: the most recently updated contact with that email (name filled in when it had
--    none), else a new phone-less one (upsert on the partial unique index, predicate included).
-- Runs inside the caller's transaction; the caller's RAISE or exception block undoes it.

create or replace function resolve_contact_row(
  p_org_id uuid, p_phone text, p_email text, p_name text,
  out contact_id uuid, out path text)
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_phoneless uuid;
  v_inserted boolean;
begin
  if p_phone is null and p_email is null then
    raise exception 'a contact needs a phone or an email' using errcode = '22023';
  end if;

  if p_phone is not null then
    if p_email is not null
       and not exists (select 1 from contacts c where c.org_id = p_org_id and c.phone = p_phone) then
      select c.id into v_phoneless from contacts c
        where c.org_id = p_org_id and c.email = p_email and c.phone is null
        order by c.updated_seq desc limit 1
        for update;
      if v_phoneless is not null then
        begin
          update contacts c
             set phone = p_phone, name = coalesce(p_name, c.name),
                 updated_seq = nextval('contacts_updated_seq'), updated_at = now()
           where c.id = v_phoneless and c.phone is null
          returning c.id into contact_id;
          if contact_id is not null then
            path := 'promoted';
            return;
          end if;
        exception when unique_violation then
          null; -- another booking gave this phone to a contact first: take the phone path
        end;
      end if;
    end if;

    insert into contacts as c (org_id, phone, email, name)
    values (p_org_id, p_phone, p_email, p_name)
    on conflict (org_id, phone) do update
      set email = coalesce(excluded.email, c.email), name = coalesce(excluded.name, c.name),
          updated_seq = nextval('contacts_updated_seq'), updated_at = now()
    returning c.id, (c.xmax = 0) into contact_id, v_inserted;
    path := case when v_inserted then 'created' else 'phone' end;
    return;
  end if;

  select c.id into contact_id from contacts c
    where c.org_id = p_org_id and c.email = p_email
    order by c.updated_seq desc limit 1
    for update;
  if contact_id is not null then
    update contacts c
       set name = coalesce(c.name, p_name), updated_seq = nextval('contacts_updated_seq'), updated_at = now()
     where c.id = contact_id;
    path := 'email';
    return;
  end if;

  insert into contacts as c (org_id, phone, email, name)
  values (p_org_id, null, p_email, p_name)
  on conflict (org_id, email) where phone is null do update
    set name = coalesce(c.name, excluded.name),
        updated_seq = nextval('contacts_updated_seq'), updated_at = now()
  returning c.id, (c.xmax = 0) into contact_id, v_inserted;
  path := case when v_inserted then 'created' else 'email' end;
end;
$$;

-- The store's resolveContact: one call, one transaction. Returns {contact, path} or {error}.
create or replace function resolve_contact(p_org_id uuid, p_phone text, p_email text, p_name text)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_resolved record;
  v_contact contacts;
begin
  if not exists (select 1 from organizations o where o.id = p_org_id) then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  select * into v_resolved from resolve_contact_row(p_org_id, p_phone, p_email, p_name);
  select * into v_contact from contacts c where c.id = v_resolved.contact_id;
  return jsonb_build_object('contact', contact_json(v_contact), 'path', v_resolved.path);
end;
$$;

-- One contact of the org, or {"contact": null} (another org's id included).
create or replace function get_contact(p_org_id uuid, p_contact_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object('contact',
    (select contact_json(c) from contacts c where c.org_id = p_org_id and c.id = p_contact_id))
$$;

-- Writers of one calendar take a transaction-scoped advisory lock before touching its
-- appointments: the exclusion constraint then never waits on another uncommitted booking, so
-- conflicting bookings get a clean SLOT_UNAVAILABLE instead of a deadlock.
create or replace function lock_calendar(p_org_id uuid, p_calendar_id text) returns void
language sql
as $$ select pg_advisory_xact_lock(hashtext(p_org_id::text), hashtext(p_calendar_id)) $$;

create or replace function book_appointment(
  p_org_id uuid, p_appointment_id uuid, p_idempotency_key text,
  p_phone text, p_email text, p_name text,
  p_calendar_id text, p_starts_at timestamptz, p_ends_at timestamptz, p_blocks_until timestamptz,
  p_service_type text)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_receipt jsonb;
  v_resolved record;
  v_contact contacts;
  v_appointment appointments;
begin
  if p_idempotency_key is not null then
    -- Retries of one key queue here; the first one's receipt is committed before the next looks.
    perform pg_advisory_xact_lock(hashtextextended(p_org_id::text || ':' || p_idempotency_key, 0));
    select r.receipt into v_receipt from booking_receipts r
      where r.org_id = p_org_id and r.idempotency_key = p_idempotency_key;
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
    perform lock_calendar(p_org_id, p_calendar_id);
    insert into appointments (
      id, org_id, contact_id, calendar_id, starts_at, ends_at, blocks_until, status,
      service_type, patient_name, version, calendar_sync, idempotency_key)
    values (
      p_appointment_id, p_org_id, v_contact.id, p_calendar_id, p_starts_at, p_ends_at, p_blocks_until, 'booked',
      p_service_type, coalesce(p_name, v_contact.name), 1, 'pending', p_idempotency_key)
    returning * into v_appointment;
  exception when exclusion_violation then
    -- Rolls back the contact changes too: a refused booking leaves nothing behind.
    return jsonb_build_object('error', 'SLOT_UNAVAILABLE');
  end;

  v_receipt := jsonb_build_object(
    'appointment', appointment_json(v_appointment),
    'contact', contact_json(v_contact),
    'contactPath', v_resolved.path);
  if p_idempotency_key is not null then
    insert into booking_receipts (org_id, idempotency_key, appointment_id, receipt)
    values (p_org_id, p_idempotency_key, v_appointment.id, v_receipt);
  end if;
  insert into calendar_sync_jobs (org_id, appointment_id, version)
  values (p_org_id, v_appointment.id, v_appointment.version);
  return jsonb_build_object('receipt', v_receipt, 'replayed', false);
end;
$$;

create or replace function replay_booking(p_org_id uuid, p_idempotency_key text) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object('receipt', (
    select r.receipt from booking_receipts r where r.org_id = p_org_id and r.idempotency_key = p_idempotency_key))
$$;

create or replace function reschedule_appointment(
  p_org_id uuid, p_appointment_id uuid,
  p_starts_at timestamptz, p_ends_at timestamptz, p_blocks_until timestamptz)
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
    perform lock_calendar(p_org_id, v_appointment.calendar_id);
    update appointments a
       set starts_at = p_starts_at, ends_at = p_ends_at, blocks_until = p_blocks_until,
           version = a.version + 1, calendar_sync = 'pending', updated_at = now()
     where a.id = p_appointment_id
    returning * into v_appointment;
  exception when exclusion_violation then
    return jsonb_build_object('error', 'SLOT_UNAVAILABLE');
  end;
  insert into calendar_sync_jobs (org_id, appointment_id, version)
  values (p_org_id, v_appointment.id, v_appointment.version);
  return jsonb_build_object('appointment', appointment_json(v_appointment));
end;
$$;

create or replace function cancel_appointment(p_org_id uuid, p_appointment_id uuid) returns jsonb
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
  if v_appointment.status = 'booked' then
    update appointments a
       set status = 'cancelled', version = a.version + 1, calendar_sync = 'pending', updated_at = now()
     where a.id = p_appointment_id
    returning * into v_appointment;
    insert into calendar_sync_jobs (org_id, appointment_id, version)
    values (p_org_id, v_appointment.id, v_appointment.version);
  end if;
  return jsonb_build_object('appointment', appointment_json(v_appointment));
end;
$$;

create or replace function get_appointment(p_org_id uuid, p_appointment_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('appointment', appointment_json(a)) from appointments a
      where a.org_id = p_org_id and a.id = p_appointment_id),
    jsonb_build_object('error', 'APPOINTMENT_NOT_FOUND'))
$$;

-- Records that the calendar shows `p_version`; a stale version changes nothing.
create or replace function mark_calendar_synced(
  p_org_id uuid, p_appointment_id uuid, p_version integer, p_event_id text)
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
       set calendar_sync = 'synced', calendar_event_id = p_event_id, updated_at = now()
     where a.id = p_appointment_id
    returning * into v_appointment;
    delete from calendar_sync_jobs j where j.appointment_id = p_appointment_id and j.version <= p_version;
  end if;
  return jsonb_build_object('appointment', appointment_json(v_appointment));
end;
$$;

-- [starts_at, blocks_until) of the live appointments of a calendar overlapping [p_from, p_to).
create or replace function busy_intervals(p_org_id uuid, p_calendar_id text, p_from timestamptz, p_to timestamptz)
returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(jsonb_build_object('start', iso_instant(a.starts_at), 'end', iso_instant(a.blocks_until))
                            order by a.starts_at, a.created_at, a.id), '[]'::jsonb)
    from appointments a
   where a.org_id = p_org_id and a.calendar_id = p_calendar_id and a.status = 'booked'
     and a.starts_at < p_to and p_from < a.blocks_until
$$;

-- Live appointments from `p_from` on whose contact has this phone or this email.
create or replace function find_upcoming(p_org_id uuid, p_phone text, p_email text, p_from timestamptz)
returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(appointment_json(a) order by a.starts_at, a.created_at, a.id), '[]'::jsonb)
    from appointments a
   where a.org_id = p_org_id and a.status = 'booked' and a.starts_at >= p_from
     and a.contact_id in (
       select c.id from contacts c
        where c.org_id = p_org_id
          and ((p_phone is not null and c.phone = p_phone) or (p_email is not null and c.email = p_email)))
$$;
