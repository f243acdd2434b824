-- The calendar-sync outbox worker's side. Several workers may run: claiming takes due jobs
-- with FOR UPDATE SKIP LOCKED and leases them, so no two workers hold one job at once.

create or replace function claim_sync_jobs(p_limit integer default 10, p_lease_seconds integer default 60)
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with due as (
    select j.id from calendar_sync_jobs j
     where j.next_attempt_at <= now() and (j.locked_until is null or j.locked_until <= now())
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

create or replace function complete_sync_job(p_job_id bigint) returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with gone as (delete from calendar_sync_jobs j where j.id = p_job_id returning j.id)
  select jsonb_build_object('completed', exists (select 1 from gone))
$$;

-- Releases the job for a later attempt: exponential backoff (base * 2^attempts, capped),
-- jittered to between 75% and 125% so failed jobs do not all come back at once.
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
             * (0.75 + random() * 0.5))
     where j.id = p_job_id
    returning j.attempts, j.next_attempt_at
  )
  select coalesce(
    (select jsonb_build_object('attempts', f.attempts, 'nextAttemptAt', iso_instant(f.next_attempt_at)) from failed f),
    jsonb_build_object('error', 'JOB_NOT_FOUND'))
$$;
