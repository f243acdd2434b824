-- Only the backend (service role / owner) may call the functions. On Supabase the anon and
-- authenticated roles get EXECUTE on new functions by default: take it back. Plain Postgres
-- has no such roles, so each step is conditional.
do $$
declare
  f regprocedure;
begin
  for f in
    select p.oid::regprocedure from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
     where n.nspname = 'public'
       and p.proname in (
         'iso_instant', 'appointment_json', 'contact_json', 'clinic_json', 'resolve_contact_row',
         'resolve_contact', 'lock_calendar', 'book_appointment', 'replay_booking', 'reschedule_appointment',
         'cancel_appointment', 'get_appointment', 'mark_calendar_synced', 'busy_intervals', 'find_upcoming',
         'get_clinic', 'save_clinic', 'org_for_vapi', 'claim_sync_jobs', 'complete_sync_job', 'fail_sync_job')
  loop
    execute format('revoke execute on function %s from public', f);
    if exists (select 1 from pg_roles where rolname = 'anon') then
      execute format('revoke execute on function %s from anon', f);
    end if;
    if exists (select 1 from pg_roles where rolname = 'authenticated') then
      execute format('revoke execute on function %s from authenticated', f);
    end if;
    if exists (select 1 from pg_roles where rolname = 'service_role') then
      execute format('grant execute on function %s to service_role', f);
    end if;
  end loop;
end;
$$;
