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
