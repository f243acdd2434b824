-- Notifications to patients (SMS, email): the clinic's settings, opt-outs, and the notification
-- outbox. A change to an appointment queues its messages in its own transaction, by the trigger
-- below (the in-memory twin: MemoryDatabase's hook; the policy: the domain's planNotifications):
-- a booking queues a 'booked' confirmation and a reminder; a move a 'rescheduled' confirmation,
-- replacing the pending reminder; a cancel a 'cancelled' confirmation, withdrawing it. One job per
-- channel; the worker decides per channel whether it goes. A job's message_key is fixed when it is
-- queued and what it sends (recipient, text) is recorded before the first send (prepared_*), so a
-- job claimed again after a send that may have landed is looked up at the provider first.

create table notification_settings (
  org_id                uuid primary key references organizations (id) on delete cascade,
  sms                   boolean,
  email                 boolean,
  reminder_lead_minutes integer not null default 1440 check (reminder_lead_minutes between 0 and 20160),
  sender                text,
  two_way_sms           boolean not null default false,
  reply_phone           text,
  ics_attachment        boolean not null default true,
  templates             jsonb not null default '{}',
  updated_at            timestamptz not null default now()
);

-- A number that replied STOP / UNSUBSCRIBE to a clinic's messages (START removes it).
create table notification_opt_outs (
  org_id        uuid not null references organizations (id) on delete cascade,
  phone         text not null,
  opted_out_at  timestamptz not null default now(),
  primary key (org_id, phone)
);

create table notification_jobs (
  id              bigint generated always as identity primary key,
  org_id          uuid not null references organizations (id) on delete cascade,
  appointment_id  uuid not null references appointments (id) on delete cascade,
  channel         text not null check (channel in ('sms', 'email')),
  kind            text not null check (kind in ('booked', 'rescheduled', 'cancelled', 'reminder')),
  version         integer not null,
  starts_at       timestamptz not null,
  message_key     text not null,
  due_at          timestamptz not null,
  state           text not null default 'pending' check (state in ('pending', 'sent', 'dropped')),
  attempts        integer not null default 0,
  next_attempt_at timestamptz not null,
  locked_until    timestamptz,
  last_error      text,
  prepared_to     text,
  prepared_body   text,
  prepared_at     timestamptz,
  provider_id     text,
  outcome         text,
  delivery_status text,
  created_at      timestamptz not null default now(),
  finished_at     timestamptz,
  constraint uq_notification_jobs_message_key unique (message_key)
);
create index ix_notification_jobs_due on notification_jobs (next_attempt_at, id) where state = 'pending';
create index ix_notification_jobs_appointment on notification_jobs (appointment_id, kind);
create index ix_notification_jobs_provider on notification_jobs (provider_id) where provider_id is not null;

alter table notification_settings enable row level security;
alter table notification_opt_outs enable row level security;
alter table notification_jobs enable row level security;

-- The domain's NotificationSettings: the clinic's row, or the defaults.
create or replace function notification_settings_json(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object(
       'orgId', s.org_id, 'sms', s.sms, 'email', s.email, 'reminderLeadMinutes', s.reminder_lead_minutes,
       'sender', s.sender, 'twoWaySms', s.two_way_sms, 'replyPhone', s.reply_phone,
       'icsAttachment', s.ics_attachment, 'templates', s.templates)
       from notification_settings s where s.org_id = p_org_id),
    jsonb_build_object(
       'orgId', p_org_id, 'sms', null, 'email', null, 'reminderLeadMinutes', 1440, 'sender', null,
       'twoWaySms', false, 'replyPhone', null, 'icsAttachment', true, 'templates', '{}'::jsonb))
$$;

-- The domain's NotificationJob.
create or replace function notification_job_json(j notification_jobs) returns jsonb
language sql stable parallel safe
as $$
  select jsonb_build_object(
    'id', j.id, 'orgId', j.org_id, 'appointmentId', j.appointment_id, 'channel', j.channel, 'kind', j.kind,
    'version', j.version, 'startsAt', iso_instant(j.starts_at), 'messageKey', j.message_key,
    'dueAt', iso_instant(j.due_at), 'attempts', j.attempts, 'lastError', j.last_error,
    'prepared', case when j.prepared_at is null then null else jsonb_build_object(
      'to', j.prepared_to, 'body', j.prepared_body, 'at', iso_instant(j.prepared_at)) end)
$$;

-- When the reminder for a visit at p_starts_at is due: whole days on the clinic's calendar (the
-- same wall-clock time, across DST), otherwise exact minutes.
create or replace function reminder_instant(p_starts_at timestamptz, p_lead_minutes integer, p_zone text)
returns timestamptz
language sql immutable
as $$
  select case when p_lead_minutes % 1440 = 0
    then ((p_starts_at at time zone p_zone) - make_interval(days => p_lead_minutes / 1440)) at time zone p_zone
    else p_starts_at - make_interval(mins => p_lead_minutes) end
$$;

-- Queues one job per channel for the appointment as it now is.
create or replace function queue_notification(a appointments, p_kind text, p_due_at timestamptz) returns void
language sql
set search_path = public, pg_temp
as $$
  insert into notification_jobs (org_id, appointment_id, channel, kind, version, starts_at, message_key, due_at, next_attempt_at)
  select a.org_id, a.id, c.channel, p_kind, a.version, a.starts_at,
         format('%s:%s:%s:%s', a.id, p_kind, a.version, c.channel), p_due_at, p_due_at
    from unnest(array['sms', 'email']) with ordinality as c (channel, n)
   order by c.n
$$;

-- The trigger: what a write to an appointment queues (planNotifications).
create or replace function queue_appointment_notifications() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_confirm text;
  v_lead integer;
  v_remind_at timestamptz;
begin
  if tg_op = 'INSERT' and new.status = 'booked' then
    v_confirm := 'booked';
  elsif tg_op = 'UPDATE' and old.status = 'booked' and new.status = 'cancelled' then
    v_confirm := 'cancelled';
  elsif tg_op = 'UPDATE' and old.status = 'booked' and new.status = 'booked' and old.starts_at <> new.starts_at then
    v_confirm := 'rescheduled';
  else
    return null;
  end if;
  if tg_op = 'UPDATE' then
    update notification_jobs j
       set state = 'dropped', outcome = 'SUPERSEDED', locked_until = null, finished_at = now()
     where j.appointment_id = new.id and j.kind = 'reminder' and j.state = 'pending';
  end if;
  perform queue_notification(new, v_confirm, now());
  if new.status = 'booked' then
    select coalesce(s.reminder_lead_minutes, 1440), reminder_instant(new.starts_at, coalesce(s.reminder_lead_minutes, 1440), o.zone)
      into v_lead, v_remind_at
      from organizations o left join notification_settings s on s.org_id = o.id
     where o.id = new.org_id;
    if v_lead > 0 and v_remind_at > now() then
      perform queue_notification(new, 'reminder', v_remind_at);
    end if;
  end if;
  return null;
end;
$$;

create trigger trg_appointments_notifications
  after insert or update of status, starts_at on appointments
  for each row execute function queue_appointment_notifications();

-- Leases up to p_limit due jobs, oldest first, each with what sending needs, read in the same
-- statement: the appointment now, its contact's phone and email, the clinic, its notification
-- settings, and whether the contact's phone opted out of the clinic's SMS.
create or replace function claim_notification_jobs(p_limit integer default 10, p_lease_seconds integer default 60)
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with due as (
    select j.id from notification_jobs j
     where j.state = 'pending' and j.next_attempt_at <= now()
       and (j.locked_until is null or j.locked_until <= now())
     order by j.next_attempt_at, j.id
     limit p_limit
     for update skip locked
  ), claimed as (
    update notification_jobs j
       set locked_until = now() + make_interval(secs => p_lease_seconds)
      from due where j.id = due.id
    returning j.*
  )
  select coalesce(jsonb_agg(notification_job_json(c) || jsonb_build_object(
      'appointment', case when a.id is null then null else appointment_json(a) end,
      'contact', case when ct.id is null then null else jsonb_build_object('phone', ct.phone, 'email', ct.email) end,
      'clinic', case when o.id is null then null else clinic_json(o) end,
      'settings', notification_settings_json(c.org_id),
      'optedOut', exists (select 1 from notification_opt_outs x where x.org_id = c.org_id and x.phone = ct.phone))
      order by c.next_attempt_at, c.id), '[]'::jsonb)
    from claimed c
    left join appointments a on a.id = c.appointment_id
    left join contacts ct on ct.id = a.contact_id
    left join organizations o on o.id = c.org_id
$$;

-- Records what the first send hands over (kept when already recorded). {"prepared": false}: no pending job.
create or replace function prepare_notification_job(p_job_id bigint, p_to text, p_body text) returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with prepared as (
    update notification_jobs j
       set prepared_to = coalesce(j.prepared_to, p_to), prepared_body = coalesce(j.prepared_body, p_body),
           prepared_at = coalesce(j.prepared_at, now())
     where j.id = p_job_id and j.state = 'pending'
    returning j.id)
  select jsonb_build_object('prepared', exists (select 1 from prepared))
$$;

-- Settles a pending job: sent (with the provider's id) or dropped (with the reason).
create or replace function settle_notification_job(p_job_id bigint, p_state text, p_provider_id text, p_outcome text)
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with settled as (
    update notification_jobs j
       set state = p_state, provider_id = p_provider_id, outcome = p_outcome, locked_until = null, finished_at = now()
     where j.id = p_job_id and j.state = 'pending' and p_state in ('sent', 'dropped')
    returning j.id)
  select jsonb_build_object('settled', exists (select 1 from settled))
$$;

-- Releases a pending job for a later attempt: fail_sync_job's backoff (base * 2^attempts, capped, 75–100%).
create or replace function fail_notification_job(
  p_job_id bigint, p_error text, p_base_seconds integer default 5, p_max_seconds integer default 3600)
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with failed as (
    update notification_jobs j
       set attempts = j.attempts + 1, last_error = p_error, locked_until = null,
           next_attempt_at = now() + make_interval(secs =>
             least(p_max_seconds::float8, p_base_seconds * power(2::float8, least(j.attempts, 30)))
             * (0.75 + random() * 0.25))
     where j.id = p_job_id and j.state = 'pending'
    returning j.next_attempt_at)
  select coalesce(
    (select jsonb_build_object('nextAttemptAt', iso_instant(f.next_attempt_at)) from failed f),
    jsonb_build_object('error', 'JOB_NOT_FOUND'))
$$;

-- A provider's delivery report for a message it sent.
create or replace function record_notification_delivery(p_channel text, p_provider_id text, p_status text)
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with recorded as (
    update notification_jobs j set delivery_status = p_status
     where j.channel = p_channel and j.provider_id = p_provider_id
    returning j.id)
  select jsonb_build_object('recorded', exists (select 1 from recorded))
$$;

-- The appointment's pending messages, soonest first.
create or replace function pending_notifications(p_org_id uuid, p_appointment_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(notification_job_json(j) order by j.next_attempt_at, j.id), '[]'::jsonb)
    from notification_jobs j
   where j.org_id = p_org_id and j.appointment_id = p_appointment_id and j.state = 'pending'
$$;

-- Due (ready now or leased), scheduled (reminders, retries backing off), the oldest due instant.
create or replace function notification_summary() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'due', count(*) filter (where j.next_attempt_at <= now()),
    'scheduled', count(*) filter (where j.next_attempt_at > now()),
    'oldestDueAt', iso_instant(min(j.next_attempt_at) filter (where j.next_attempt_at <= now())))
  from notification_jobs j
  where j.state = 'pending'
$$;

-- The clinic's settings (the defaults when it saved none), or {"error": "UNKNOWN_ORG"}.
create or replace function get_notification_settings(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select case when exists (select 1 from organizations o where o.id = p_org_id)
    then jsonb_build_object('settings', notification_settings_json(p_org_id))
    else jsonb_build_object('error', 'UNKNOWN_ORG') end
$$;

-- Replaces the clinic's settings (validated by the domain), or {"error": "UNKNOWN_ORG"}.
create or replace function save_notification_settings(p_org_id uuid, p_settings jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if not exists (select 1 from organizations o where o.id = p_org_id) then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  insert into notification_settings as s (
    org_id, sms, email, reminder_lead_minutes, sender, two_way_sms, reply_phone, ics_attachment, templates)
  values (
    p_org_id, (p_settings ->> 'sms')::boolean, (p_settings ->> 'email')::boolean,
    (p_settings ->> 'reminderLeadMinutes')::integer, p_settings ->> 'sender',
    (p_settings ->> 'twoWaySms')::boolean, p_settings ->> 'replyPhone',
    (p_settings ->> 'icsAttachment')::boolean, coalesce(p_settings -> 'templates', '{}'::jsonb))
  on conflict (org_id) do update set
    sms = excluded.sms, email = excluded.email, reminder_lead_minutes = excluded.reminder_lead_minutes,
    sender = excluded.sender, two_way_sms = excluded.two_way_sms, reply_phone = excluded.reply_phone,
    ics_attachment = excluded.ics_attachment, templates = excluded.templates, updated_at = now();
  return jsonb_build_object('settings', notification_settings_json(p_org_id));
end;
$$;

-- Opts p_phone out of (or back into) the SMS of every clinic sending from p_sender (null: the
-- clinics without a sender of their own). {"clinics": n}.
create or replace function set_notification_opt_out(p_sender text, p_phone text, p_opted_out boolean) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_orgs uuid[];
begin
  select coalesce(array_agg(o.id), '{}') into v_orgs
    from organizations o left join notification_settings s on s.org_id = o.id
   where s.sender is not distinct from p_sender;
  if p_opted_out then
    insert into notification_opt_outs (org_id, phone) select unnest(v_orgs), p_phone on conflict do nothing;
  else
    delete from notification_opt_outs x where x.org_id = any (v_orgs) and x.phone = p_phone;
  end if;
  return jsonb_build_object('clinics', cardinality(v_orgs));
end;
$$;

-- The settings of the clinics sending from p_sender (null: those without a sender of their own), by id.
create or replace function clinics_sending_from(p_sender text) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(notification_settings_json(o.id) order by o.id), '[]'::jsonb)
    from organizations o left join notification_settings s on s.org_id = o.id
   where s.sender is not distinct from p_sender
$$;
