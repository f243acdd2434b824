-- What an operator must see before trusting the database (SchemaStatus: readiness and
-- `pnpm verify`). schema_checks() reads the catalog, not the schema files, so a constraint
-- dropped by hand, an extension missing on a new project or RLS switched off shows up, each with
-- the SQL that repairs it. clinic_states() answers each clinic's calendar link and outbox backlog
-- without touching a token.

-- One entry per invariant: {"name", "ok", "detail", "fix"} in a fixed order; fix is SQL that repairs
-- it (runnable as it is, notes as comments), null when ok.
create or replace function schema_checks() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  with
  ext as (select e.extversion from pg_extension e where e.extname = 'btree_gist'),
  phone as (
    select con.contype::text as kind, pg_get_constraintdef(con.oid) as def,
           (select array_agg(a.attname::text order by k.ord) from unnest(con.conkey) with ordinality k(attnum, ord)
              join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum) as cols
      from pg_constraint con
     where con.conrelid = to_regclass('public.contacts') and con.conname = 'uq_contacts_org_phone'),
  overlap as (
    select con.contype::text as kind, pg_get_constraintdef(con.oid) as def
      from pg_constraint con
     where con.conrelid = to_regclass('public.appointments') and con.conname = 'ex_appointments_practitioner_no_overlap'),
  contact_col as (
    select a.attnotnull,
           (select con.confdeltype::text from pg_constraint con
             where con.conrelid = a.attrelid and con.contype = 'f' and con.conkey = array[a.attnum]) as on_delete
      from pg_attribute a
     where a.attrelid = to_regclass('public.appointments') and a.attname = 'contact_id' and not a.attisdropped),
  tables as (
    select c.relname::text as name, c.relrowsecurity as rls
      from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
       and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')),
  open_functions as (
    select p.oid::regprocedure::text as name
      from pg_proc p
     where p.pronamespace = 'public'::regnamespace
       and not exists (select 1 from pg_depend d
                        where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
       and (p.proacl is null
            or exists (select 1 from aclexplode(p.proacl) g where g.grantee = 0 and g.privilege_type = 'EXECUTE')
            or exists (select 1 from pg_roles r
                        where r.rolname in ('anon', 'authenticated')
                          and has_function_privilege(r.oid, p.oid, 'EXECUTE'))))
  select jsonb_build_array(
    (select jsonb_build_object(
       'name', 'extension btree_gist',
       'ok', exists (select 1 from ext),
       'detail', coalesce('installed, version ' || (select extversion from ext), 'not installed'),
       'fix', case when exists (select 1 from ext) then null else
         'create extension if not exists btree_gist; -- on Supabase: Database, Extensions, btree_gist' end)),
    (select jsonb_build_object(
       'name', 'constraint uq_contacts_org_phone',
       'ok', coalesce(p.kind = 'u' and p.cols = array['org_id', 'phone'], false),
       'detail', coalesce(p.def, 'missing: two contacts of a clinic could share a phone number'),
       'fix', case when coalesce(p.kind = 'u' and p.cols = array['org_id', 'phone'], false) then null else
         'alter table contacts drop constraint if exists uq_contacts_org_phone; '
         || 'alter table contacts add constraint uq_contacts_org_phone unique (org_id, phone); '
         || '-- a full UNIQUE constraint, never a partial or expression index; merge duplicate contacts first' end)
       from (select 1) one left join phone p on true),
    (select jsonb_build_object(
       'name', 'constraint ex_appointments_practitioner_no_overlap',
       'ok', coalesce(o.kind = 'x', false),
       'detail', coalesce(o.def, 'missing: two live appointments of a practitioner could overlap'),
       'fix', case when coalesce(o.kind = 'x', false) then null else
         'alter table appointments add constraint ex_appointments_practitioner_no_overlap exclude using gist '
         || '(practitioner_id with =, tstzrange(blocks_from, blocks_until) with &&) where (status = ''booked''); '
         || '-- needs btree_gist; cancel or move overlapping live appointments first' end)
       from (select 1) one left join overlap o on true),
    (select jsonb_build_object(
       'name', 'column appointments.contact_id nullable',
       'ok', coalesce(not c.attnotnull and c.on_delete = 'n', false),
       'detail', case when c.attnotnull is null then 'missing'
                      when c.attnotnull then 'NOT NULL: deleting a contact would block or lose appointments'
                      when c.on_delete is distinct from 'n' then 'nullable, but its foreign key is not ON DELETE SET NULL'
                      else 'nullable, ON DELETE SET NULL' end,
       'fix', case when coalesce(not c.attnotnull and c.on_delete = 'n', false) then null else
         'alter table appointments alter column contact_id drop not null; '
         || 'alter table appointments drop constraint if exists appointments_contact_id_fkey; '
         || 'alter table appointments add constraint appointments_contact_id_fkey foreign key (contact_id) '
         || 'references contacts (id) on delete set null;' end)
       from (select 1) one left join contact_col c on true),
    (select jsonb_build_object(
       'name', 'row level security on every table',
       'ok', coalesce(bool_and(t.rls), false),
       'detail', case when count(*) = 0 then 'no tables'
                      when bool_and(t.rls) then 'on for all ' || count(*) || ' tables'
                      else 'off on: ' || string_agg(t.name, ', ' order by t.name) filter (where not t.rls) end,
       'fix', case when coalesce(bool_and(t.rls), false) then null else
         coalesce(string_agg(format('alter table %I enable row level security;', t.name), ' ' order by t.name)
                    filter (where not t.rls), 'apply the migrations') end)
       from tables t),
    (select jsonb_build_object(
       'name', 'functions closed to client roles',
       'ok', count(*) = 0,
       'detail', case when count(*) = 0 then 'only the backend may call them'
                      else 'callable by PUBLIC, anon or authenticated: '
                           || string_agg(f.name, ', ' order by f.name) end,
       'fix', case when count(*) = 0 then null else 'select restrict_to_backend();' end)
       from open_functions f))
$$;

-- Every clinic, ordered by name then id: its zone, its calendar link (null when none), when the
-- calendar last confirmed one of its appointments, and its calendar jobs (due now or leased,
-- backing off, parked, and when the oldest due one became due).
create or replace function clinic_states() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'orgId', o.id, 'name', o.name, 'zone', o.zone,
      'link', case when i.org_id is null then null else jsonb_build_object(
        'status', i.status, 'statusReason', i.status_reason, 'updatedAt', iso_instant(i.updated_at)) end,
      'lastSyncedAt', (select iso_instant(max(a.updated_at)) from appointments a
                        where a.org_id = o.id and a.calendar_sync = 'synced'),
      'outbox', (select jsonb_build_object(
          'due', count(*) filter (where j.parked_at is null and j.next_attempt_at <= now()),
          'scheduled', count(*) filter (where j.parked_at is null and j.next_attempt_at > now()),
          'parked', count(*) filter (where j.parked_at is not null),
          'oldestDueAt', iso_instant(min(j.next_attempt_at) filter (where j.parked_at is null and j.next_attempt_at <= now())))
        from calendar_sync_jobs j where j.org_id = o.id))
      order by o.name, o.id), '[]'::jsonb)
    from organizations o
    left join tenant_integrations i on i.org_id = o.id and i.provider = 'google'
$$;
