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

-- Whether p_version (the settings version a caller judged with; null: not checked) is not the
-- clinic's current one (schemas/47_settings_version.sql). An unknown clinic is not stale.
create or replace function settings_stale(p_org_id uuid, p_version bigint) returns boolean
language sql stable
set search_path = public, pg_temp
as $$
  select p_version is not null
     and exists (select 1 from organizations o where o.id = p_org_id and o.settings_version <> p_version)
$$;

-- Bookings and moves of one practitioner take a transaction-scoped advisory lock on them before
-- writing: the exclusion constraint then never waits on another uncommitted booking of theirs,
-- so conflicting bookings get a clean refusal instead of a deadlock, and bookings of different
-- practitioners (of one clinic too) run in parallel.
create or replace function lock_practitioner(p_org_id uuid, p_practitioner_id uuid) returns void
language sql
as $$ select pg_advisory_xact_lock(hashtext(p_org_id::text), hashtext(p_practitioner_id::text)) $$;

-- A placement's candidates ({"practitionerId", "calendarId"} in p_placement.candidates) in the
-- rule's order: fewest live appointments starting that local day [dayStart, dayEnd), then least
-- recently booked (the latest created_at of their live appointments; never booked first), then
-- the order given. p_self (a moved appointment) is not counted. Each figure is read through its
-- own partial index (ix_appointments_practitioner_starts, _booked): the cost does not grow with
-- the practitioner's book, as one aggregate over all their live appointments did.
create or replace function ranked_candidates(p_org_id uuid, p_placement jsonb, p_self uuid)
returns table (practitioner_id uuid, calendar_id text)
language sql stable
set search_path = public, pg_temp
as $$
  select c.id, c.calendar_id
    from (select (e.value ->> 'practitionerId')::uuid as id, e.value ->> 'calendarId' as calendar_id, e.ord
            from jsonb_array_elements(p_placement -> 'candidates') with ordinality as e(value, ord)) c
   order by
     (select count(*) from appointments a
       where a.practitioner_id = c.id and a.status = 'booked' and a.org_id = p_org_id
         and a.starts_at >= (p_placement ->> 'dayStart')::timestamptz
         and a.starts_at < (p_placement ->> 'dayEnd')::timestamptz
         and a.id is distinct from p_self),
     (select max(a.created_at) from appointments a
       where a.practitioner_id = c.id and a.status = 'booked' and a.org_id = p_org_id
         and a.id is distinct from p_self) nulls first,
     c.ord
$$;

-- Writes p_row (inserted, or for p_move the update of the appointment p_row.id) with the first
-- candidate of p_placement, in ranked_candidates' order, that is free: each is tried under their
-- lock, the exclusion constraint deciding (a busy one's attempt is undone, its lock released).
-- None free: raises exclusion_violation, for the caller to answer SLOT_UNAVAILABLE.
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

-- Moves an appointment (inside the caller's transaction) to the placement's time, with the first
-- free candidate (place_appointment: none raises exclusion_violation for the caller to answer),
-- and its calendar job.
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

create or replace function replay_booking(p_org_id uuid, p_idempotency_key text) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object('receipt', (select r.receipt from live_receipt(p_org_id, 'book', p_idempotency_key) r))
$$;

-- The clinic's own move: no caller check, no retry key (callers: reschedule_for_caller).
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

-- Records that calendar p_calendar_id shows `p_version` as event p_event_id; a stale version
-- changes nothing.
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

-- [blocks_from, blocks_until) of the live appointments of each practitioner asked for (a jsonb
-- array of ids) that overlap [p_from, p_to), in time order and in UTC:
-- {"<practitioner id>": [[from, until], ...], ...}, every id a key; a pair of timestamps is the
-- cheapest answer to build for a full fortnight's thousands of rows. The overlap is asked as a
-- range so that the practitioners' no-overlap GiST index (ex_appointments_practitioner_no_overlap:
-- practitioner, range, live only) serves it: only the window's rows are read, however big the book.
-- p_settings_version: as book_appointment's (another than the clinic's: {"error": "SETTINGS_STALE"}).
create or replace function busy_intervals(
  p_org_id uuid, p_practitioner_ids jsonb, p_from timestamptz, p_to timestamptz,
  p_settings_version bigint default null)
returns jsonb
language sql stable
set search_path = public, pg_temp
set timezone = 'UTC'
as $$
  select case when settings_stale(p_org_id, p_settings_version) then jsonb_build_object('error', 'SETTINGS_STALE')
  else (select coalesce(jsonb_object_agg(ids.id, coalesce(
      (select to_jsonb(array_agg(array[a.blocks_from, a.blocks_until] order by a.blocks_from, a.created_at, a.id))
         from appointments a
        where a.practitioner_id = ids.id and a.status = 'booked' and a.org_id = p_org_id
          and tstzrange(a.blocks_from, a.blocks_until) && tstzrange(p_from, greatest(p_from, p_to))),
      '[]'::jsonb)), '{}'::jsonb)
    from (select distinct x::uuid as id from jsonb_array_elements_text(p_practitioner_ids) x) ids) end
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
