-- The outbox worker's remaining operations. A job whose calendar has a permanent problem
-- (re-authorisation required, calendar not linked) is parked: never claimed until the clinic
-- reconnects and requeue_sync_jobs makes the org's parked jobs due again. outbox_summary feeds
-- readiness and metrics. fail_sync_job's delay is now capped after the jitter, so it never
-- exceeds p_max_seconds (before, the jitter could take a capped delay to 125% of it).

alter table calendar_sync_jobs add column parked_at timestamptz;

drop index if exists ix_calendar_sync_jobs_due;
create index ix_calendar_sync_jobs_due on calendar_sync_jobs (next_attempt_at) where parked_at is null;
create index ix_calendar_sync_jobs_parked on calendar_sync_jobs (org_id) where parked_at is not null;

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
      'attempts', c.attempts, 'lastError', c.last_error) order by c.next_attempt_at, c.id), '[]'::jsonb)
    from claimed c
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

select restrict_to_backend(
  'claim_sync_jobs', 'fail_sync_job', 'park_sync_job', 'requeue_sync_jobs', 'outbox_summary');

create or replace function schema_version() returns jsonb
language sql stable
as $$ select jsonb_build_object('version', '20260301001000') $$;
select restrict_to_backend('schema_version');
