-- Calendar jobs only where a calendar is linked (issue 11, item 7). Until now every booking,
-- move and cancellation enqueued a calendar job, so a clinic without a calendar (or a deployment
-- without Google) grew its outbox for ever. Now the outbox skips jobs of clinics without a link,
-- linking enqueues what the calendar is missing, and the summary is per clinic too.

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

-- The orphans: jobs of clinics that have no calendar link. Nothing is lost: when such a clinic
-- links, requeue_sync_jobs enqueues its upcoming appointments the calendar does not show.
delete from calendar_sync_jobs j
 where not exists (select 1 from tenant_integrations i where i.org_id = j.org_id);

create or replace function schema_version() returns jsonb
language sql stable
as $$ select jsonb_build_object('version', '20261122040000') $$;

select restrict_to_backend();
