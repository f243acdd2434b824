-- Tables of the booking core. Every invariant (docs/architecture.md) that concurrency could
-- break is a constraint here, never a check-then-insert in application code:
--   C1 uq_contacts_org_phone: a FULL unique constraint (an ON CONFLICT target; never partial)
--   C2 uq_contacts_org_email_phoneless: one phone-less contact per (org, email)
--   A1 ex_appointments_practitioner_no_overlap: live appointments of a practitioner never
--      overlap (buffers before and after included)
--   P1 a service's practitioners are its clinic's (composite foreign keys on (org_id, id))
--   P2 uq_services_org_default: at most one default service per clinic
--   A2 booking_receipts primary key: one recorded answer per (org, kind, retry key)
--   A3 appointments.contact_id nullable, ON DELETE SET NULL
-- and the length of every stored text (name 200, email 254, service type 100 characters: the
-- domain refuses longer ones first, values/text-limits.ts).

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
  -- The booking policy (with the default service, services.is_default): see clinic/clinic.ts.
  allow_duration_override    boolean not null default true,
  unknown_service_falls_back boolean not null default false,
  created_at         timestamptz not null default now(),
  updated_at         timestamptz not null default now(),
  -- Bumped (triggers: schemas/47_settings_version.sql) in the transaction of every change to what a
  -- booking reads: these settings, practitioners, services, their links, the Vapi ids.
  settings_version   bigint not null default 1
);

-- Who patients see. calendar_id / opening_hours null: the clinic's. Never deleted while they
-- have history: deactivated (active = false). position: the clinic's order (creation order).
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

-- What patients book. buffer_after_minutes / min_notice_minutes null: the clinic's.
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

-- Which practitioners offer a service, in the service's order.
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
  constraint ck_contacts_phone_or_email check (phone is not null or email is not null),
  constraint ck_contacts_name_length check (char_length(name) <= 200),
  constraint ck_contacts_email_length check (char_length(email) <= 254)
);
alter sequence contacts_updated_seq owned by contacts.updated_seq;

create unique index uq_contacts_org_email_phoneless on contacts (org_id, email) where phone is null;
create index ix_contacts_org_email on contacts (org_id, email, updated_seq desc);

create table appointments (
  id                uuid primary key,
  org_id            uuid not null references organizations (id) on delete cascade,
  contact_id        uuid references contacts (id) on delete set null,
  practitioner_id   uuid not null,
  service_id        uuid not null,
  -- The practitioner's calendar at booking; calendar_event_calendar_id: where the event was last written.
  calendar_id       text not null,
  starts_at         timestamptz not null,
  ends_at           timestamptz not null,
  blocks_from       timestamptz not null,
  blocks_until      timestamptz not null,
  status            text not null default 'booked' check (status in ('booked', 'cancelled')),
  service_type      text,
  patient_name      text,
  version           integer not null default 1,
  calendar_sync     text not null default 'pending' check (calendar_sync in ('pending', 'synced')),
  calendar_event_id text,
  calendar_event_calendar_id text,
  -- The retry key that booked it, if any (its receipt is in booking_receipts). Not unique: a key
  -- with a window books again once the window has passed.
  idempotency_key   text,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  constraint ck_appointments_times check (
    blocks_from <= starts_at and starts_at < ends_at and ends_at <= blocks_until),
  constraint ck_appointments_patient_name_length check (char_length(patient_name) <= 200),
  constraint ck_appointments_service_type_length check (char_length(service_type) <= 100),
  constraint fk_appointments_practitioner foreign key (org_id, practitioner_id) references practitioners (org_id, id),
  constraint fk_appointments_service foreign key (org_id, service_id) references services (org_id, id),
  constraint ex_appointments_practitioner_no_overlap exclude using gist (
    practitioner_id with =,
    tstzrange(blocks_from, blocks_until) with &&
  ) where (status = 'booked')
);
create index ix_appointments_contact on appointments (contact_id, starts_at);
-- Ranking a placement's candidates (ranked_candidates) reads a practitioner's live appointments
-- starting that day and the latest one booked: index ranges, whatever the size of their book.
create index ix_appointments_practitioner_starts on appointments (practitioner_id, starts_at) where status = 'booked';
create index ix_appointments_practitioner_booked on appointments (practitioner_id, created_at) where status = 'booked';

-- The first answer to a change (a booking, a cancellation, a move), recorded in the change's
-- transaction and replayed for a retry with the same key: book's receipt is {appointment,
-- contact, contactPath}, a cancel's or a move's {appointment} as the change left it. Refusals are
-- not recorded (they changed nothing; a retry is judged again). A key derived from a message
-- without a tool-call id is honoured only until expires_at; null: for as long as the row is kept.
create table booking_receipts (
  org_id          uuid not null references organizations (id) on delete cascade,
  kind            text not null,
  idempotency_key text not null,
  appointment_id  uuid not null,
  receipt         jsonb not null,
  expires_at      timestamptz,
  created_at      timestamptz not null default now(),
  primary key (org_id, kind, idempotency_key),
  constraint ck_booking_receipts_kind check (kind in ('book', 'cancel', 'reschedule'))
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
alter table practitioners enable row level security;
alter table services enable row level security;
alter table service_practitioners enable row level security;
alter table contacts enable row level security;
alter table appointments enable row level security;
alter table booking_receipts enable row level security;
alter table calendar_sync_jobs enable row level security;
alter table tenant_integrations enable row level security;
alter table vapi_assistants enable row level security;
alter table vapi_phone_numbers enable row level security;
