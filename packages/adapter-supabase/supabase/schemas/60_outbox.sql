-- The calendar-sync outbox, the worker's side (the SyncOutbox). Every change to an appointment
-- enqueues a job in its own transaction (30_booking.sql). Several workers may run: claiming takes
-- due jobs with FOR UPDATE SKIP LOCKED and leases them, so no two workers hold one job at once.
-- A job whose calendar has a permanent problem (re-authorisation required, calendar not linked)
-- is parked: never claimed until the clinic reconnects and requeue_sync_jobs makes the org's
-- parked jobs due again. outbox_summary feeds readiness and metrics.
-- Jobs exist only where a calendar is linked: a clinic without a link (no calendar configured at
-- all, or this clinic never connected) gets none, so its outbox cannot grow; when it links,
-- requeue_sync_jobs enqueues its upcoming appointments the calendar does not show yet.

-- The outbox takes a job only for a clinic with a calendar link (any status: a link that needs
-- re-authorisation keeps its jobs, parked, until the clinic reconnects). Otherwise the insert is
-- skipped: the booking functions enqueue unconditionally and stay one statement each.
create or replace function skip_sync_job_without_link() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if exists (select 1 from tenant_integrations i where i.org_id = new.org_id) then
    return new;
  end if;
  return null;
end;
$$;

create trigger calendar_sync_jobs_only_where_linked
  before insert on calendar_sync_jobs
  for each row execute function skip_sync_job_without_link();

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

-- Done with a job: with an event id, records that calendar p_calendar_id shows p_version (what
-- mark_calendar_synced does: a stale version changes nothing, and the appointment's jobs up to
-- that version go too); the job itself always goes. {"completed": false} when it was already
-- gone. The appointment is locked before the job (the order mark_calendar_synced and the booking
-- functions take), so two completions of one appointment's jobs queue instead of deadlocking.
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

-- After the clinic links or reconnects: the org's parked jobs are due now, with a fresh backoff,
-- and each of its appointments the calendar does not reflect yet and no job covers (booked while
-- it had no link) gets one: live ones still to come, and cancelled ones whose event exists.
-- Answers how many jobs are due because of it.
create or replace function requeue_sync_jobs(p_org_id uuid) returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with requeued as (
    update calendar_sync_jobs j
       set parked_at = null, next_attempt_at = now(), attempts = 0, locked_until = null
     where j.org_id = p_org_id and j.parked_at is not null
    returning j.id
  ), missing as (
    insert into calendar_sync_jobs (org_id, appointment_id, version)
    select a.org_id, a.id, a.version from appointments a
     where a.org_id = p_org_id and a.calendar_sync = 'pending'
       and ((a.status = 'booked' and a.ends_at > now()) or a.calendar_event_id is not null)
       and not exists (select 1 from calendar_sync_jobs j where j.appointment_id = a.id and j.version >= a.version)
    returning id)
  select jsonb_build_object('requeued', (select count(*) from requeued) + (select count(*) from missing))
$$;

-- Due (ready now, or leased to a worker right now), scheduled (backing off), parked, and the
-- oldest due job's due time: how far behind the calendars are; in total and per clinic (only
-- clinics with jobs, most due first).
create or replace function outbox_summary() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  with per_org as (
    select j.org_id,
           count(*) filter (where j.parked_at is null and j.next_attempt_at <= now()) as due,
           count(*) filter (where j.parked_at is null and j.next_attempt_at > now()) as scheduled,
           count(*) filter (where j.parked_at is not null) as parked,
           min(j.next_attempt_at) filter (where j.parked_at is null and j.next_attempt_at <= now()) as oldest_due_at
      from calendar_sync_jobs j
     group by j.org_id)
  select jsonb_build_object(
    'due', coalesce(sum(p.due), 0)::bigint,
    'scheduled', coalesce(sum(p.scheduled), 0)::bigint,
    'parked', coalesce(sum(p.parked), 0)::bigint,
    'oldestDueAt', iso_instant(min(p.oldest_due_at)),
    'clinics', coalesce(jsonb_agg(jsonb_build_object(
        'orgId', p.org_id, 'due', p.due, 'scheduled', p.scheduled, 'parked', p.parked,
        'oldestDueAt', iso_instant(p.oldest_due_at))
      order by p.due desc, p.org_id) filter (where p.org_id is not null), '[]'::jsonb))
  from per_org p
$$;
