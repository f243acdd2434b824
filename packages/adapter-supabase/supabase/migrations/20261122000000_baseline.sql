-- Baseline: the declarative schema (supabase/schemas/*.sql, the source of truth) as it stood
-- at this version, its files concatenated in name order. Written by `pnpm db:baseline`; do not edit.
-- Later migrations are written by hand from a schema change: edit supabase/schemas/, then add
-- supabase/migrations/<timestamp>_<name>.sql taking a database from the previous schema to the new
-- one (`supabase db diff` can draft it). test/schema-catalog.test.ts checks that the migrations and
-- the schema files build the same catalog.

-- ==== supabase/schemas/00_extensions.sql ====

-- Extensions the schema needs. btree_gist lets one exclusion constraint mix equality on
-- org_id / calendar_id with overlap of time ranges (invariant A1). gen_random_uuid() is built in
-- since Postgres 13, so pgcrypto is not needed.
create extension if not exists btree_gist;

-- ==== supabase/schemas/10_tables.sql ====

-- Tables of the booking core. Every invariant (docs/architecture.md) that concurrency could
-- break is a constraint here, never a check-then-insert in application code:
--   C1 uq_contacts_org_phone: a FULL unique constraint (an ON CONFLICT target; never partial)
--   C2 uq_contacts_org_email_phoneless: one phone-less contact per (org, email)
--   A1 ex_appointments_no_overlap: live appointments of a calendar never overlap (buffer included)
--   A2 booking_receipts primary key: one recorded answer per (org, idempotency key)
--   A3 appointments.contact_id nullable, ON DELETE SET NULL

create table organizations (
  id                 uuid primary key,
  name               text not null,
  zone               text not null default 'Europe/London',
  region             text not null default 'GB',
  -- ISO weekday "1".."7" -> [{"open":"HH:mm","close":"HH:mm"}]
  opening_hours      jsonb not null default '{"1":[],"2":[],"3":[],"4":[],"5":[],"6":[],"7":[]}',
  slot_minutes       integer not null default 30 check (slot_minutes > 0),
  buffer_minutes     integer not null default 0 check (buffer_minutes >= 0),
  min_notice_minutes integer not null default 60 check (min_notice_minutes >= 0),
  horizon_days       integer not null default 90 check (horizon_days > 0),
  calendar_id        text not null default 'primary',
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now()
);

-- "Most recently updated" contact: a sequence stamp, strictly ordered even within one instant.
create sequence contacts_updated_seq;

create table contacts (
  id          uuid primary key default gen_random_uuid(),
  org_id      uuid not null references organizations (id) on delete cascade,
  phone       text,
  email       text,
  name        text,
  updated_seq bigint not null default nextval('contacts_updated_seq'),
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  constraint uq_contacts_org_phone unique (org_id, phone),
  constraint ck_contacts_phone_or_email check (phone is not null or email is not null)
);
alter sequence contacts_updated_seq owned by contacts.updated_seq;

create unique index uq_contacts_org_email_phoneless on contacts (org_id, email) where phone is null;
create index ix_contacts_org_email on contacts (org_id, email, updated_seq desc);

create table appointments (
  id                uuid primary key,
  org_id            uuid not null references organizations (id) on delete cascade,
  contact_id        uuid references contacts (id) on delete set null,
  calendar_id       text not null,
  starts_at         timestamptz not null,
  ends_at           timestamptz not null,
  blocks_until      timestamptz not null,
  status            text not null default 'booked' check (status in ('booked', 'cancelled')),
  service_type      text,
  patient_name      text,
  version           integer not null default 1,
  calendar_sync     text not null default 'pending' check (calendar_sync in ('pending', 'synced')),
  calendar_event_id text,
  idempotency_key   text,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  constraint ck_appointments_times check (starts_at < ends_at and ends_at <= blocks_until),
  constraint uq_appointments_org_idempotency_key unique (org_id, idempotency_key),
  constraint ex_appointments_no_overlap exclude using gist (
    org_id with =,
    calendar_id with =,
    tstzrange(starts_at, blocks_until) with &&
  ) where (status = 'booked')
);
create index ix_appointments_contact on appointments (contact_id, starts_at);

-- The first answer to a booking, replayed unchanged for a retry with the same key.
create table booking_receipts (
  org_id          uuid not null references organizations (id) on delete cascade,
  idempotency_key text not null,
  appointment_id  uuid not null,
  receipt         jsonb not null,
  created_at      timestamptz not null default now(),
  primary key (org_id, idempotency_key)
);

-- Transactional outbox: one job per appointment version the calendar must reflect. A job whose
-- calendar has a permanent problem (re-authorisation required, calendar not linked) is parked
-- (parked_at set): never claimed until the clinic reconnects and its parked jobs are requeued.
create table calendar_sync_jobs (
  id              bigint generated always as identity primary key,
  org_id          uuid not null references organizations (id) on delete cascade,
  appointment_id  uuid not null references appointments (id) on delete cascade,
  version         integer not null,
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until    timestamptz,
  last_error      text,
  created_at      timestamptz not null default now(),
  parked_at       timestamptz
);
create index ix_calendar_sync_jobs_due on calendar_sync_jobs (next_attempt_at) where parked_at is null;
create index ix_calendar_sync_jobs_parked on calendar_sync_jobs (org_id) where parked_at is not null;
create index ix_calendar_sync_jobs_appointment on calendar_sync_jobs (appointment_id, version);

-- A clinic's link to its Google Calendar. Both tokens are encrypted by the writer (AES-256-GCM,
-- see src/token-cipher.ts) before they reach the database, which only ever holds ciphertext.
create table tenant_integrations (
  org_id                   uuid not null references organizations (id) on delete cascade,
  provider                 text not null default 'google' check (provider in ('google')),
  calendar_id              text not null default 'primary',
  access_token_encrypted   text,
  refresh_token_encrypted  text not null,
  expires_at               timestamptz,
  scope                    text,
  status                   text not null default 'active' check (status in ('active', 'reauth_required')),
  status_reason            text,
  created_at               timestamptz not null default now(),
  updated_at               timestamptz not null default now(),
  primary key (org_id, provider)
);

-- Tenant identity for Vapi: the org comes from the assistant or phone number Vapi names,
-- never from anything the language model writes. Each id belongs to at most one clinic.
create table vapi_assistants (
  assistant_id text primary key,
  org_id       uuid not null references organizations (id) on delete cascade,
  created_at   timestamptz not null default now()
);

create table vapi_phone_numbers (
  phone_number_id text primary key,
  org_id          uuid not null references organizations (id) on delete cascade,
  created_at      timestamptz not null default now()
);

-- Row Level Security on every table, with no policies: only the service role / table owner
-- (which bypass RLS) reach the data, and they do so through the functions.
alter table organizations enable row level security;
alter table contacts enable row level security;
alter table appointments enable row level security;
alter table booking_receipts enable row level security;
alter table calendar_sync_jobs enable row level security;
alter table tenant_integrations enable row level security;
alter table vapi_assistants enable row level security;
alter table vapi_phone_numbers enable row level security;

-- ==== supabase/schemas/20_json.sql ====

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

-- The domain's ClinicSettings.
create or replace function clinic_json(o organizations) returns jsonb
language sql stable parallel safe
as $$
  select jsonb_build_object(
    'orgId', o.id, 'name', o.name, 'zone', o.zone, 'region', o.region, 'openingHours', o.opening_hours,
    'slotMinutes', o.slot_minutes, 'bufferMinutes', o.buffer_minutes, 'minNoticeMinutes', o.min_notice_minutes,
    'horizonDays', o.horizon_days, 'calendarId', o.calendar_id)
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

-- ==== supabase/schemas/40_clinics.sql ====

-- Clinics (the ClinicDirectory): a clinic's settings and its Vapi assistant and phone-number ids,
-- read and written together as {"clinic": clinic_json, "links": vapi_links_json}.

-- The clinic's settings, or {"error": "UNKNOWN_ORG"}.
create or replace function get_clinic(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('clinic', clinic_json(o)) from organizations o where o.id = p_org_id),
    jsonb_build_object('error', 'UNKNOWN_ORG'))
$$;

-- The clinic's settings and Vapi ids, or {"error": "UNKNOWN_ORG"}.
create or replace function get_clinic_record(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('clinic', clinic_json(o), 'links', vapi_links_json(o.id))
       from organizations o where o.id = p_org_id),
    jsonb_build_object('error', 'UNKNOWN_ORG'))
$$;

-- Every clinic with its Vapi ids, by name (then id), in one statement.
create or replace function list_clinics() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    jsonb_agg(jsonb_build_object('clinic', clinic_json(o), 'links', vapi_links_json(o.id)) order by o.name, o.id),
    '[]'::jsonb)
  from organizations o
$$;

-- The ids of the lists given (a null list is not looked at) that another clinic than p_org_id
-- holds, as save_clinic's refusal ({"error": "INVALID_INPUT", "field", "ids", "message"}), or null.
create or replace function vapi_ids_taken(p_org_id uuid, p_assistant_ids text[], p_phone_number_ids text[])
returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  with taken (ord, field, ids) as (
    values
      (1, 'vapiAssistantIds', array(
        select a.assistant_id from vapi_assistants a
         where a.assistant_id = any(p_assistant_ids) and a.org_id <> p_org_id order by 1)),
      (2, 'vapiPhoneNumberIds', array(
        select p.phone_number_id from vapi_phone_numbers p
         where p.phone_number_id = any(p_phone_number_ids) and p.org_id <> p_org_id order by 1))
  )
  select jsonb_build_object(
      'error', 'INVALID_INPUT', 'field', t.field, 'ids', to_jsonb(t.ids),
      'message', array_to_string(t.ids, ', ') || ' already belongs to another clinic.')
    from taken t
   where cardinality(t.ids) > 0
   order by t.ord
   limit 1
$$;

-- Creates (p_mode 'create') or updates (p_mode 'update') a clinic from p_clinic (clinic_json's
-- shape; a setting left out takes the column's default) and links the Vapi ids of p_links
-- {"assistantIds": [...], "phoneNumberIds": [...]}: a list given replaces the clinic's, a list
-- left out keeps it. All or nothing: every refusal below writes nothing.
--  * create of an existing id, update of a missing one;
--  * a blank id; an id another clinic holds (checked first, and again when two clinics race for
--    one id: the loser's insert hits the primary key, caught below, which also undoes its
--    settings write, so it is refused the same way).
-- Writers of one clinic queue on its row (FOR NO KEY UPDATE: bookings, which only take key-share
-- locks on it, do not wait). Ids are inserted in sorted order, so racing writers take their
-- locks in one order and cannot deadlock.
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

-- ==== supabase/schemas/50_tenants.sql ====

-- Tenant identity (the TenantDirectory): which clinic a Vapi call belongs to.

-- The org of a Vapi call, from the assistant id or else the phone-number id Vapi sends.
create or replace function org_for_vapi(p_assistant_id text, p_phone_number_id text) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('orgId', a.org_id) from vapi_assistants a where a.assistant_id = p_assistant_id),
    (select jsonb_build_object('orgId', p.org_id) from vapi_phone_numbers p where p.phone_number_id = p_phone_number_id),
    jsonb_build_object('error', 'UNKNOWN_ORG'))
$$;

-- ==== supabase/schemas/60_outbox.sql ====

-- The calendar-sync outbox, the worker's side (the SyncOutbox). Every change to an appointment
-- enqueues a job in its own transaction (30_booking.sql). Several workers may run: claiming takes
-- due jobs with FOR UPDATE SKIP LOCKED and leases them, so no two workers hold one job at once.
-- A job whose calendar has a permanent problem (re-authorisation required, calendar not linked)
-- is parked: never claimed until the clinic reconnects and requeue_sync_jobs makes the org's
-- parked jobs due again. outbox_summary feeds readiness and metrics.

-- Leases up to p_limit due jobs (not parked, due, not leased), oldest first, and answers each
-- with what its sync needs, read in the same statement: the appointment as it is now, its
-- contact's phone and email, and the clinic's settings (each null when there is none).
create or replace function claim_sync_jobs(p_limit integer default 10, p_lease_seconds integer default 60)
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with due as (
    select j.id from calendar_sync_jobs j
     where j.parked_at is null and j.next_attempt_at <= now()
       and (j.locked_until is null or j.locked_until <= now())
     order by j.next_attempt_at, j.id
     limit p_limit
     for update skip locked
  ), claimed as (
    update calendar_sync_jobs j
       set locked_until = now() + make_interval(secs => p_lease_seconds)
      from due where j.id = due.id
    returning j.*
  )
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', c.id, 'orgId', c.org_id, 'appointmentId', c.appointment_id, 'version', c.version,
      'attempts', c.attempts, 'lastError', c.last_error,
      'appointment', case when a.id is null then null else appointment_json(a) end,
      'contact', case when ct.id is null then null else jsonb_build_object('phone', ct.phone, 'email', ct.email) end,
      'clinic', case when o.id is null then null else clinic_json(o) end)
      order by c.next_attempt_at, c.id), '[]'::jsonb)
    from claimed c
    left join appointments a on a.id = c.appointment_id
    left join contacts ct on ct.id = a.contact_id
    left join organizations o on o.id = c.org_id
$$;

-- Done with a job: with an event id, records that the calendar shows p_version (what
-- mark_calendar_synced does: a stale version changes nothing, and the appointment's jobs up to
-- that version go too); the job itself always goes. {"completed": false} when it was already
-- gone. The appointment is locked before the job (the order mark_calendar_synced and the booking
-- functions take), so two completions of one appointment's jobs queue instead of deadlocking.
create or replace function complete_sync_job(
  p_job_id bigint, p_version integer default null, p_event_id text default null)
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
    perform mark_calendar_synced(v_job.org_id, v_job.appointment_id, p_version, p_event_id);
  end if;
  return jsonb_build_object('completed', true);
end;
$$;

-- Releases the job for a later attempt: exponential backoff (base * 2^attempts), capped at
-- p_max_seconds, jittered down to between 75% and 100% of that so failed jobs do not all come
-- back at once (capped ones included) and no delay exceeds the cap.
create or replace function fail_sync_job(
  p_job_id bigint, p_error text, p_base_seconds integer default 5, p_max_seconds integer default 3600)
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with failed as (
    update calendar_sync_jobs j
       set attempts = j.attempts + 1, last_error = p_error, locked_until = null,
           next_attempt_at = now() + make_interval(secs =>
             least(p_max_seconds::float8, p_base_seconds * power(2::float8, least(j.attempts, 30)))
             * (0.75 + random() * 0.25))
     where j.id = p_job_id
    returning j.attempts, j.next_attempt_at
  )
  select coalesce(
    (select jsonb_build_object('attempts', f.attempts, 'nextAttemptAt', iso_instant(f.next_attempt_at)) from failed f),
    jsonb_build_object('error', 'JOB_NOT_FOUND'))
$$;

-- Parks a job: it keeps its place and its reason (last_error) but is not claimed until requeued.
create or replace function park_sync_job(p_job_id bigint, p_reason text) returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with parked as (
    update calendar_sync_jobs j
       set parked_at = now(), last_error = p_reason, locked_until = null
     where j.id = p_job_id
    returning j.id)
  select jsonb_build_object('parked', exists (select 1 from parked))
$$;

-- After the clinic reconnects: the org's parked jobs are due now, with a fresh backoff.
create or replace function requeue_sync_jobs(p_org_id uuid) returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with requeued as (
    update calendar_sync_jobs j
       set parked_at = null, next_attempt_at = now(), attempts = 0, locked_until = null
     where j.org_id = p_org_id and j.parked_at is not null
    returning j.id)
  select jsonb_build_object('requeued', (select count(*) from requeued))
$$;

-- Due (ready now, or leased to a worker right now), scheduled (backing off), parked, and the
-- oldest due job's due time: how far behind the calendars are.
create or replace function outbox_summary() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'due', count(*) filter (where j.parked_at is null and j.next_attempt_at <= now()),
    'scheduled', count(*) filter (where j.parked_at is null and j.next_attempt_at > now()),
    'parked', count(*) filter (where j.parked_at is not null),
    'oldestDueAt', iso_instant(min(j.next_attempt_at) filter (where j.parked_at is null and j.next_attempt_at <= now())))
  from calendar_sync_jobs j
$$;

-- ==== supabase/schemas/70_integrations.sql ====

-- A clinic's Google Calendar link (the IntegrationStore). Both tokens are encrypted by the
-- writer (AES-256-GCM, see src/token-cipher.ts) before they reach these functions; the
-- database only ever holds ciphertext.

-- The org's link, or {"error": "CALENDAR_NOT_LINKED"}.
create or replace function get_integration(p_org_id uuid, p_provider text default 'google') returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('integration', integration_json(i)) from tenant_integrations i
      where i.org_id = p_org_id and i.provider = p_provider),
    jsonb_build_object('error', 'CALENDAR_NOT_LINKED'))
$$;

-- Links (or relinks) a calendar: tokens replaced, status active, reason cleared.
create or replace function save_integration(
  p_org_id uuid, p_provider text, p_calendar_id text, p_access_token_encrypted text,
  p_refresh_token_encrypted text, p_expires_at timestamptz, p_scope text)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_saved tenant_integrations;
begin
  if not exists (select 1 from organizations o where o.id = p_org_id) then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  insert into tenant_integrations as i (
    org_id, provider, calendar_id, access_token_encrypted, refresh_token_encrypted, expires_at, scope,
    status, status_reason)
  values (
    p_org_id, p_provider, p_calendar_id, p_access_token_encrypted, p_refresh_token_encrypted, p_expires_at, p_scope,
    'active', null)
  on conflict (org_id, provider) do update set
    calendar_id = excluded.calendar_id, access_token_encrypted = excluded.access_token_encrypted,
    refresh_token_encrypted = excluded.refresh_token_encrypted, expires_at = excluded.expires_at,
    scope = excluded.scope, status = 'active', status_reason = null, updated_at = now()
  returning * into v_saved;
  return jsonb_build_object('integration', integration_json(v_saved));
end;
$$;

-- Stores refreshed tokens; a null refresh token keeps the stored one. The status is left alone.
create or replace function update_integration_tokens(
  p_org_id uuid, p_access_token_encrypted text, p_refresh_token_encrypted text, p_expires_at timestamptz,
  p_scope text, p_provider text default 'google')
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with updated as (
    update tenant_integrations i
       set access_token_encrypted = p_access_token_encrypted,
           refresh_token_encrypted = coalesce(p_refresh_token_encrypted, i.refresh_token_encrypted),
           expires_at = p_expires_at, scope = p_scope, updated_at = now()
     where i.org_id = p_org_id and i.provider = p_provider
    returning i.org_id)
  select case when exists (select 1 from updated) then jsonb_build_object('updated', true)
    else jsonb_build_object('error', 'CALENDAR_NOT_LINKED') end
$$;

-- The clinic must reconnect: nobody refreshes or retries until save_integration runs again.
create or replace function mark_integration_reauth_required(
  p_org_id uuid, p_reason text, p_provider text default 'google')
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with updated as (
    update tenant_integrations i
       set status = 'reauth_required', status_reason = p_reason, updated_at = now()
     where i.org_id = p_org_id and i.provider = p_provider
    returning i.org_id)
  select case when exists (select 1 from updated) then jsonb_build_object('updated', true)
    else jsonb_build_object('error', 'CALENDAR_NOT_LINKED') end
$$;

-- Every link and its status (readiness, metrics).
create or replace function list_integrations() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(integration_json(i) order by i.org_id, i.provider), '[]'::jsonb)
    from tenant_integrations i
$$;

-- ==== supabase/schemas/80_schema_version.sql ====

-- The schema version this database runs: the newest migration's version (its timestamp prefix).
-- Readiness compares it with the newest migration the code ships (test/schema-status.test.ts),
-- and it is a function so that supabase-js, which can only call functions, can ask too. Every
-- schema change comes with a migration, which sets this to that migration's version here and in
-- the migration.
create or replace function schema_version() returns jsonb
language sql stable
as $$ select jsonb_build_object('version', '20261122000000') $$;

-- ==== supabase/schemas/90_privileges.sql ====

-- Only the backend (service role / owner) may call the functions. On Supabase the anon and
-- authenticated roles get EXECUTE on new functions by default: take it back. Plain Postgres
-- has no such roles, so each step is conditional. Every function of the public schema is
-- covered, except those an extension owns (btree_gist's), so a migration that adds functions
-- ends with `select restrict_to_backend();` (the catalog test compares grants and fails when one
-- forgets).
create or replace function restrict_to_backend() returns void
language plpgsql
set search_path = public, pg_temp
as $$
declare
  f regprocedure;
  v_role text;
begin
  for f in
    select p.oid::regprocedure from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public'
       and not exists (
         select 1 from pg_depend d
          where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  loop
    execute format('revoke execute on routine %s from public', f);
    foreach v_role in array array['anon', 'authenticated'] loop
      if exists (select 1 from pg_roles where rolname = v_role) then
        execute format('revoke execute on routine %s from %I', f, v_role);
      end if;
    end loop;
    if exists (select 1 from pg_roles where rolname = 'service_role') then
      execute format('grant execute on routine %s to service_role', f);
    end if;
  end loop;
end;
$$;

select restrict_to_backend();
