-- Callers and retries (issue 10, parts 1, 2, 4 and the length limits of 5): a caller acts only on
-- their own appointments (M1: caller_owns, checked inside each change's transaction), every change
-- is keyed for retries (A2: booking_receipts per org, kind and key, with an optional expiry), one
-- person is one contact under any interleaving (C5: contact resolution serialised on the phone and
-- the email), and stored texts have length limits. The functions are the same text as
-- supabase/schemas/30_booking.sql, which is applied whole below.

-- Length limits. Texts stored before them are cut to fit (nothing longer was ever spoken back).
update contacts set name = left(name, 200) where char_length(name) > 200;
update appointments set patient_name = left(patient_name, 200) where char_length(patient_name) > 200;
update appointments set service_type = left(service_type, 100) where char_length(service_type) > 100;
alter table contacts
  add constraint ck_contacts_name_length check (char_length(name) <= 200),
  add constraint ck_contacts_email_length check (char_length(email) <= 254);
alter table appointments
  add constraint ck_appointments_patient_name_length check (char_length(patient_name) <= 200),
  add constraint ck_appointments_service_type_length check (char_length(service_type) <= 100);

-- A key with a window books again once it has passed: the appointment's key is no longer unique
-- (its receipt is).
alter table appointments drop constraint uq_appointments_org_idempotency_key;

-- Receipts for every change, per kind, with an optional expiry. The existing ones are bookings'.
alter table booking_receipts add column kind text not null default 'book';
alter table booking_receipts alter column kind drop default;
alter table booking_receipts add column expires_at timestamptz;
alter table booking_receipts drop constraint booking_receipts_pkey;
alter table booking_receipts add primary key (org_id, kind, idempotency_key);
alter table booking_receipts
  add constraint ck_booking_receipts_kind check (kind in ('book', 'cancel', 'reschedule'));

-- Functions whose arguments changed: the old signatures go (one body per function).
drop function book_appointment(uuid, uuid, text, text, text, text, text, timestamptz, timestamptz, timestamptz, text);
drop function find_upcoming(uuid, text, text, timestamptz);

-- ==== supabase/schemas/30_booking.sql ====

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
--  * C5, one person one contact: resolutions of the same phone or the same email queue on
--    advisory locks (lock_contact_keys) before reading, so a racing booking's contact is
--    committed before the next one looks: a first booking with phone + email and one with the
--    same email only, at once, end as one contact (promoted, or found by email).
-- Runs inside the caller's transaction; the caller's RAISE or exception block undoes it.

-- Transaction-scoped locks on the contact's phone, then its email: a fixed order, so two
-- resolutions never wait on each other crosswise. Held until the booking commits.
create or replace function lock_contact_keys(p_org_id uuid, p_phone text, p_email text) returns void
language plpgsql
as $$
begin
  if p_phone is not null then
    perform pg_advisory_xact_lock(hashtextextended(p_org_id::text || ':phone:' || p_phone, 0));
  end if;
  if p_email is not null then
    perform pg_advisory_xact_lock(hashtextextended(p_org_id::text || ':email:' || p_email, 0));
  end if;
end;
$$;

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
  perform lock_contact_keys(p_org_id, p_phone, p_email);

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

-- Retry keys (A2). A change with a key (book, cancel, reschedule) first takes a transaction-scoped
-- lock on (org, kind, key): retries of one key queue there, and each finds the receipt the first
-- one committed. The receipt is recorded in the change's own transaction; a refusal records
-- nothing. A key with a window (derived from a message without a tool-call id) is honoured until
-- expires_at, then replaced by the next change made with it.
create or replace function lock_retry_key(p_org_id uuid, p_kind text, p_key text) returns void
language sql
as $$ select pg_advisory_xact_lock(hashtextextended(p_org_id::text || ':' || p_kind || ':' || p_key, 0)) $$;

create or replace function live_receipt(p_org_id uuid, p_kind text, p_key text) returns setof booking_receipts
language sql stable
set search_path = public, pg_temp
as $$
  select r.* from booking_receipts r
   where r.org_id = p_org_id and r.kind = p_kind and r.idempotency_key = p_key
     and (r.expires_at is null or r.expires_at > now())
$$;

create or replace function record_receipt(
  p_org_id uuid, p_kind text, p_key text, p_window_seconds integer, p_appointment_id uuid, p_receipt jsonb)
returns void
language sql
set search_path = public, pg_temp
as $$
  insert into booking_receipts as r (org_id, kind, idempotency_key, appointment_id, receipt, expires_at)
  values (p_org_id, p_kind, p_key, p_appointment_id, p_receipt, now() + make_interval(secs => p_window_seconds))
  on conflict (org_id, kind, idempotency_key) do update
    set appointment_id = excluded.appointment_id, receipt = excluded.receipt,
        expires_at = excluded.expires_at, created_at = now()
    where r.expires_at is not null and r.expires_at <= now()
$$;

-- M1: whether the caller may see and change this contact's appointments (the domain's
-- isCallersContact, packages/domain/src/contacts/caller.ts): the caller ID is the contact's
-- phone, or the phone AND the email the caller gave both are the contact's.
create or replace function caller_owns(c contacts, p_caller_id text, p_phone text, p_email text) returns boolean
language sql immutable parallel safe
as $$
  select coalesce(c.phone is not null and (c.phone = p_caller_id or (c.phone = p_phone and c.email = p_email)), false)
$$;

-- The appointment, locked, when its contact is the caller's (the contact row shared-locked, so
-- its phone and email stay what was checked until commit); otherwise null, whether or not it exists.
create or replace function lock_callers_appointment(
  p_org_id uuid, p_appointment_id uuid, p_caller_id text, p_phone text, p_email text)
returns appointments
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_appointment appointments;
  v_contact contacts;
begin
  select * into v_appointment from appointments a
    where a.org_id = p_org_id and a.id = p_appointment_id
    for update;
  select * into v_contact from contacts c where c.id = v_appointment.contact_id for share;
  if v_appointment.id is null or not caller_owns(v_contact, p_caller_id, p_phone, p_email) then
    return null;
  end if;
  return v_appointment;
end;
$$;

-- A change's answer: {appointment (as the change left it, or as the first call left it),
-- current (as it is now), replayed, alreadyCancelled}.
create or replace function change_json(p_appointment appointments, p_already_cancelled boolean) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object('appointment', appointment_json(p_appointment),
    'current', appointment_json(p_appointment), 'replayed', false, 'alreadyCancelled', p_already_cancelled)
$$;

-- The answer recorded for a change's key, with its appointment as it is now; null when none.
create or replace function replayed_change(p_org_id uuid, p_kind text, p_key text) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object('appointment', r.receipt -> 'appointment', 'current', appointment_json(a),
                            'replayed', true, 'alreadyCancelled', false)
    from live_receipt(p_org_id, p_kind, p_key) r
    join appointments a on a.org_id = r.org_id and a.id = r.appointment_id
$$;

create or replace function replay_change(p_org_id uuid, p_kind text, p_idempotency_key text) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$ select jsonb_build_object('change', replayed_change(p_org_id, p_kind, p_idempotency_key)) $$;

-- Moves an appointment (inside the caller's transaction): the calendar lock, the update (an
-- overlap raises exclusion_violation for the caller to answer), the calendar job.
create or replace function apply_move(
  p_appointment appointments, p_starts_at timestamptz, p_ends_at timestamptz, p_blocks_until timestamptz)
returns appointments
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_appointment appointments;
begin
  perform lock_calendar(p_appointment.org_id, p_appointment.calendar_id);
  update appointments a
     set starts_at = p_starts_at, ends_at = p_ends_at, blocks_until = p_blocks_until,
         version = a.version + 1, calendar_sync = 'pending', updated_at = now()
   where a.id = p_appointment.id
  returning * into v_appointment;
  insert into calendar_sync_jobs (org_id, appointment_id, version)
  values (v_appointment.org_id, v_appointment.id, v_appointment.version);
  return v_appointment;
end;
$$;

-- Cancels a live appointment (inside the caller's transaction), with its calendar job.
create or replace function apply_cancel(p_appointment appointments) returns appointments
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_appointment appointments;
begin
  update appointments a
     set status = 'cancelled', version = a.version + 1, calendar_sync = 'pending', updated_at = now()
   where a.id = p_appointment.id
  returning * into v_appointment;
  insert into calendar_sync_jobs (org_id, appointment_id, version)
  values (v_appointment.org_id, v_appointment.id, v_appointment.version);
  return v_appointment;
end;
$$;

create or replace function book_appointment(
  p_org_id uuid, p_appointment_id uuid, p_idempotency_key text,
  p_phone text, p_email text, p_name text,
  p_calendar_id text, p_starts_at timestamptz, p_ends_at timestamptz, p_blocks_until timestamptz,
  p_service_type text, p_key_window_seconds integer default null)
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
    perform record_receipt(p_org_id, 'book', p_idempotency_key, p_key_window_seconds, v_appointment.id, v_receipt);
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
  select jsonb_build_object('receipt', (select r.receipt from live_receipt(p_org_id, 'book', p_idempotency_key) r))
$$;

-- The clinic's own move: no caller check, no retry key (callers: reschedule_for_caller).
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
    select * into v_appointment from apply_move(v_appointment, p_starts_at, p_ends_at, p_blocks_until);
  exception when exclusion_violation then
    return jsonb_build_object('error', 'SLOT_UNAVAILABLE');
  end;
  return jsonb_build_object('appointment', appointment_json(v_appointment));
end;
$$;

-- The clinic's own cancellation: no caller check, no retry key (callers: cancel_for_caller).
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
    select * into v_appointment from apply_cancel(v_appointment);
  end if;
  return jsonb_build_object('appointment', appointment_json(v_appointment));
end;
$$;

-- A caller's move (M1, A2): the key's recorded answer if any; else the appointment when it is
-- the caller's ({"error": "CALLER_NOT_VERIFIED"} otherwise, whether or not it exists), moved,
-- with the key's receipt. Refusals change and record nothing.
create or replace function reschedule_for_caller(
  p_org_id uuid, p_appointment_id uuid, p_caller_id text, p_phone text, p_email text,
  p_starts_at timestamptz, p_ends_at timestamptz, p_blocks_until timestamptz,
  p_idempotency_key text, p_key_window_seconds integer)
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
    select * into v_appointment from apply_move(v_appointment, p_starts_at, p_ends_at, p_blocks_until);
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

-- A caller's cancellation (M1, A2): as reschedule_for_caller; an appointment already cancelled
-- is answered unchanged (alreadyCancelled), with no receipt.
create or replace function cancel_for_caller(
  p_org_id uuid, p_appointment_id uuid, p_caller_id text, p_phone text, p_email text,
  p_idempotency_key text, p_key_window_seconds integer)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_replayed jsonb;
  v_appointment appointments;
begin
  if p_idempotency_key is not null then
    perform lock_retry_key(p_org_id, 'cancel', p_idempotency_key);
    select replayed_change(p_org_id, 'cancel', p_idempotency_key) into v_replayed;
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
    return change_json(v_appointment, true);
  end if;
  select * into v_appointment from apply_cancel(v_appointment);
  if p_idempotency_key is not null then
    perform record_receipt(p_org_id, 'cancel', p_idempotency_key, p_key_window_seconds, v_appointment.id,
      jsonb_build_object('appointment', appointment_json(v_appointment)));
  end if;
  return change_json(v_appointment, false);
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

-- The caller's appointment (M1), or {"error": "CALLER_NOT_VERIFIED"}: also for an id the clinic does not have.
create or replace function caller_appointment(
  p_org_id uuid, p_appointment_id uuid, p_caller_id text, p_phone text, p_email text)
returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('appointment', appointment_json(a)) from appointments a
       join contacts c on c.id = a.contact_id
      where a.org_id = p_org_id and a.id = p_appointment_id and caller_owns(c, p_caller_id, p_phone, p_email)),
    jsonb_build_object('error', 'CALLER_NOT_VERIFIED'))
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

-- Live appointments from `p_from` on whose contact is the caller's (M1: caller_owns).
create or replace function find_upcoming(
  p_org_id uuid, p_caller_id text, p_phone text, p_email text, p_from timestamptz)
returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(appointment_json(a) order by a.starts_at, a.created_at, a.id), '[]'::jsonb)
    from appointments a
    join contacts c on c.id = a.contact_id
   where a.org_id = p_org_id and a.status = 'booked' and a.starts_at >= p_from
     and caller_owns(c, p_caller_id, p_phone, p_email)
$$;

select restrict_to_backend();
