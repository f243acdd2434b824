-- What the HTTP app needs beyond booking: a contact by id (the outbox worker writes the patient's
-- phone and email into the calendar event), the clinic list, and the Vapi tenant mapping.
-- From this file on, every migration restricts its new functions with restrict_to_backend(...)
-- and ends by redefining schema_version() to return its own version (readiness compares it with
-- the newest bundled migration; test/schema-status.test.ts fails when a new file forgets).

-- The treatment of 20260301000700_function_privileges.sql, for the functions named: EXECUTE
-- revoked from PUBLIC (and Supabase's anon / authenticated roles), granted to service_role.
create or replace function restrict_to_backend(variadic p_names text[]) returns void
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
     where n.nspname = 'public' and p.proname = any(p_names)
  loop
    execute format('revoke execute on function %s from public', f);
    foreach v_role in array array['anon', 'authenticated'] loop
      if exists (select 1 from pg_roles where rolname = v_role) then
        execute format('revoke execute on function %s from %I', f, v_role);
      end if;
    end loop;
    if exists (select 1 from pg_roles where rolname = 'service_role') then
      execute format('grant execute on function %s to service_role', f);
    end if;
  end loop;
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

-- Every clinic's settings, by name.
create or replace function list_clinics() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$ select coalesce(jsonb_agg(clinic_json(o) order by o.name, o.id), '[]'::jsonb) from organizations o $$;

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

-- The org's Vapi assistant and phone-number ids, or {"error": "UNKNOWN_ORG"}.
create or replace function get_vapi_links(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select case when exists (select 1 from organizations o where o.id = p_org_id)
    then jsonb_build_object('links', vapi_links_json(p_org_id))
    else jsonb_build_object('error', 'UNKNOWN_ORG') end
$$;

-- Replaces the org's Vapi ids with p_links {"assistantIds": [...], "phoneNumberIds": [...]}, all or
-- nothing. An id mapped to another org is refused ({"error": "INVALID_INPUT", "field", "ids"})
-- and changes nothing. Relinks of one org queue on its row (FOR NO KEY UPDATE: bookings, which
-- only take key-share locks on it, do not wait). Two orgs racing for one id: the loser's insert
-- hits the primary key, caught below, so it is refused the same way. Ids are inserted in sorted
-- order, so racing writers take their locks in one order and cannot deadlock.
create or replace function set_vapi_links(p_org_id uuid, p_links jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_assistants text[] := array(
    select distinct x from jsonb_array_elements_text(coalesce(p_links -> 'assistantIds', '[]'::jsonb)) x order by 1);
  v_numbers text[] := array(
    select distinct x from jsonb_array_elements_text(coalesce(p_links -> 'phoneNumberIds', '[]'::jsonb)) x order by 1);
  v_taken text[];
  v_table text;
begin
  perform 1 from organizations o where o.id = p_org_id for no key update;
  if not found then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;

  v_taken := array(select a.assistant_id from vapi_assistants a
                    where a.assistant_id = any(v_assistants) and a.org_id <> p_org_id order by 1);
  if cardinality(v_taken) > 0 then
    return jsonb_build_object('error', 'INVALID_INPUT', 'field', 'vapiAssistantIds', 'ids', to_jsonb(v_taken));
  end if;
  v_taken := array(select p.phone_number_id from vapi_phone_numbers p
                    where p.phone_number_id = any(v_numbers) and p.org_id <> p_org_id order by 1);
  if cardinality(v_taken) > 0 then
    return jsonb_build_object('error', 'INVALID_INPUT', 'field', 'vapiPhoneNumberIds', 'ids', to_jsonb(v_taken));
  end if;

  begin
    delete from vapi_assistants a where a.org_id = p_org_id and a.assistant_id <> all(v_assistants);
    insert into vapi_assistants (assistant_id, org_id)
    select x, p_org_id from unnest(v_assistants) x
     where not exists (select 1 from vapi_assistants a where a.assistant_id = x and a.org_id = p_org_id)
     order by 1;
    delete from vapi_phone_numbers p where p.org_id = p_org_id and p.phone_number_id <> all(v_numbers);
    insert into vapi_phone_numbers (phone_number_id, org_id)
    select x, p_org_id from unnest(v_numbers) x
     where not exists (select 1 from vapi_phone_numbers p where p.phone_number_id = x and p.org_id = p_org_id)
     order by 1;
  exception when unique_violation then
    get stacked diagnostics v_table = table_name;
    return jsonb_build_object('error', 'INVALID_INPUT', 'field',
      case v_table when 'vapi_assistants' then 'vapiAssistantIds' else 'vapiPhoneNumberIds' end,
      'ids', '[]'::jsonb);
  end;
  return jsonb_build_object('links', vapi_links_json(p_org_id));
end;
$$;

select restrict_to_backend(
  'restrict_to_backend', 'get_contact', 'list_clinics', 'vapi_links_json', 'get_vapi_links', 'set_vapi_links');

create or replace function schema_version() returns jsonb
language sql stable
as $$ select jsonb_build_object('version', '20260301000800') $$;
select restrict_to_backend('schema_version');
