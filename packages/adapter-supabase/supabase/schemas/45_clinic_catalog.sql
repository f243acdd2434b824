-- The clinic catalog (the ClinicCatalog port; src/sql-clinic-catalog.ts): a clinic's
-- practitioners and services and its booking policy. Each write is one call and one transaction
-- that refuses, writing nothing, with {"error": "UNKNOWN_ORG"}, {"error": "NOT_IN_CATALOG",
-- "entity", "id"} or {"error": "INVALID_INPUT", "field", "message"}. Input shapes are the domain's
-- (practitioner_json / service_json); the domain validated them first, the constraints are the
-- backstop. Writers of one clinic's catalog queue on its row (FOR NO KEY UPDATE), so a service
-- never names a practitioner a concurrent write is changing. Nothing is deleted: deactivating is
-- a patch with "active": false.

-- The clinic's row, locked for a catalog write; null when there is no such clinic.
create or replace function lock_catalog(p_org_id uuid) returns organizations
language sql
set search_path = public, pg_temp
as $$ select * from organizations o where o.id = p_org_id for no key update $$;

create or replace function catalog_refusal(p_field text, p_message text) returns jsonb
language sql immutable
as $$ select jsonb_build_object('error', 'INVALID_INPUT', 'field', p_field, 'message', p_message) $$;

-- Whether a practitioner or a service (of any clinic) has this id: ids are unique across both.
create or replace function catalog_id_in_use(p_id uuid) returns boolean
language sql stable
set search_path = public, pg_temp
as $$
  select exists (select 1 from practitioners x where x.id = p_id) or exists (select 1 from services x where x.id = p_id)
$$;

-- Replaces a service's practitioners by p_ids (jsonb array, in order); a practitioner of
-- another clinic (or none) raises foreign_key_violation for the caller to refuse.
create or replace function set_service_practitioners(p_org_id uuid, p_service_id uuid, p_ids jsonb) returns void
language sql
set search_path = public, pg_temp
as $$
  delete from service_practitioners sp where sp.service_id = p_service_id;
  insert into service_practitioners (org_id, service_id, practitioner_id, position)
  select p_org_id, p_service_id, x.value::uuid, x.ord
    from jsonb_array_elements_text(p_ids) with ordinality as x(value, ord);
$$;

create or replace function insert_practitioner(p_org_id uuid, p jsonb) returns practitioners
language sql
set search_path = public, pg_temp
as $$
  insert into practitioners (id, org_id, name, active, calendar_id, opening_hours)
  values ((p ->> 'id')::uuid, p_org_id, p ->> 'name', coalesce((p ->> 'active')::boolean, true),
          p ->> 'calendarId', case when jsonb_typeof(p -> 'openingHours') = 'object' then p -> 'openingHours' end)
  returning *
$$;

create or replace function insert_service(p_org_id uuid, s jsonb, p_default boolean) returns services
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_row services;
begin
  insert into services (
    id, org_id, name, synonyms, duration_minutes, buffer_before_minutes, buffer_after_minutes,
    min_notice_minutes, active, is_default)
  values (
    (s ->> 'id')::uuid, p_org_id, s ->> 'name',
    coalesce(array(select jsonb_array_elements_text(s -> 'synonyms')), '{}'),
    (s ->> 'durationMinutes')::integer, coalesce((s ->> 'bufferBeforeMinutes')::integer, 0),
    (s ->> 'bufferAfterMinutes')::integer, (s ->> 'minNoticeMinutes')::integer,
    coalesce((s ->> 'active')::boolean, true), p_default)
  returning * into v_row;
  perform set_service_practitioners(p_org_id, v_row.id, coalesce(s -> 'practitionerIds', '[]'::jsonb));
  return v_row;
end;
$$;

-- A new clinic's staff (inside save_clinic's create): p_staff (the domain's ClinicStaff) when
-- given, else the default staff: practitioner "the clinic" on the clinic's calendar and the
-- default service "appointment" of the clinic's slot length.
create or replace function seed_staff(p_org organizations, p_staff jsonb) returns void
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_practitioner uuid := gen_random_uuid();
  v_p jsonb;
  v_s jsonb;
begin
  if p_staff is null or jsonb_typeof(p_staff) <> 'object' then
    perform insert_practitioner(p_org.id, jsonb_build_object('id', v_practitioner, 'name', 'the clinic'));
    perform insert_service(p_org.id, jsonb_build_object(
      'id', gen_random_uuid(), 'name', 'appointment', 'durationMinutes', p_org.slot_minutes,
      'practitionerIds', jsonb_build_array(v_practitioner)), true);
    return;
  end if;
  for v_p in select x from jsonb_array_elements(p_staff -> 'practitioners') x loop
    perform insert_practitioner(p_org.id, v_p);
  end loop;
  for v_s in select x from jsonb_array_elements(p_staff -> 'services') x loop
    perform insert_service(p_org.id, v_s, (v_s ->> 'id') = (p_staff -> 'policy' ->> 'defaultServiceId'));
  end loop;
  update organizations o
     set allow_duration_override = coalesce((p_staff -> 'policy' ->> 'allowDurationOverride')::boolean, true),
         unknown_service_falls_back = coalesce((p_staff -> 'policy' ->> 'unknownServiceFallsBackToDefault')::boolean, false)
   where o.id = p_org.id;
end;
$$;

-- {"staff": staff_json} or {"error": "UNKNOWN_ORG"}.
create or replace function get_staff(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('staff', staff_json(o)) from organizations o where o.id = p_org_id),
    jsonb_build_object('error', 'UNKNOWN_ORG'))
$$;

-- {"practitioner": practitioner_json}: p (the domain's Practitioner) added to its clinic.
create or replace function create_practitioner(p jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org organizations := lock_catalog((p ->> 'orgId')::uuid);
begin
  if v_org.id is null then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  if catalog_id_in_use((p ->> 'id')::uuid) then
    return catalog_refusal('id', 'That id is in use.');
  end if;
  return jsonb_build_object('practitioner', practitioner_json(insert_practitioner(v_org.id, p)));
end;
$$;

-- {"practitioner": practitioner_json} after applying the fields p_patch gives.
create or replace function patch_practitioner(p_org_id uuid, p_id uuid, p_patch jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org organizations := lock_catalog(p_org_id);
  v_row practitioners;
begin
  if v_org.id is null then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  update practitioners x set
      name = case when p_patch ? 'name' then p_patch ->> 'name' else x.name end,
      active = case when p_patch ? 'active' then (p_patch ->> 'active')::boolean else x.active end,
      calendar_id = case when p_patch ? 'calendarId' then p_patch ->> 'calendarId' else x.calendar_id end,
      opening_hours = case when p_patch ? 'openingHours'
                           then case when jsonb_typeof(p_patch -> 'openingHours') = 'object' then p_patch -> 'openingHours' end
                           else x.opening_hours end,
      updated_at = now()
   where x.org_id = p_org_id and x.id = p_id
  returning * into v_row;
  if v_row.id is null then
    return jsonb_build_object('error', 'NOT_IN_CATALOG', 'entity', 'practitioner', 'id', p_id);
  end if;
  return jsonb_build_object('practitioner', practitioner_json(v_row));
end;
$$;

-- {"service": service_json}: s (the domain's Service) added to its clinic.
create or replace function create_service(s jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org organizations := lock_catalog((s ->> 'orgId')::uuid);
  v_row services;
begin
  if v_org.id is null then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  if catalog_id_in_use((s ->> 'id')::uuid) then
    return catalog_refusal('id', 'That id is in use.');
  end if;
  begin
    v_row := insert_service(v_org.id, s, false);
  exception when foreign_key_violation then
    return catalog_refusal('practitionerIds', 'The clinic has no practitioner with one of those ids.');
  end;
  -- A statement of its own, so service_json (stable) sees the practitioners just linked.
  return jsonb_build_object('service', service_json(v_row));
end;
$$;

-- {"service": service_json} after applying the fields p_patch gives (practitionerIds replaces
-- the list). The default service cannot be deactivated.
create or replace function patch_service(p_org_id uuid, p_id uuid, p_patch jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org organizations := lock_catalog(p_org_id);
  v_row services;
begin
  if v_org.id is null then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  select * into v_row from services x where x.org_id = p_org_id and x.id = p_id;
  if v_row.id is null then
    return jsonb_build_object('error', 'NOT_IN_CATALOG', 'entity', 'service', 'id', p_id);
  end if;
  if v_row.is_default and (p_patch ->> 'active')::boolean is false then
    return catalog_refusal('active', 'The default service cannot be deactivated.');
  end if;
  begin
    update services x set
        name = case when p_patch ? 'name' then p_patch ->> 'name' else x.name end,
        synonyms = case when p_patch ? 'synonyms'
                        then coalesce(array(select jsonb_array_elements_text(p_patch -> 'synonyms')), '{}')
                        else x.synonyms end,
        duration_minutes = coalesce((p_patch ->> 'durationMinutes')::integer, x.duration_minutes),
        buffer_before_minutes = coalesce((p_patch ->> 'bufferBeforeMinutes')::integer, x.buffer_before_minutes),
        buffer_after_minutes = case when p_patch ? 'bufferAfterMinutes'
                                    then (p_patch ->> 'bufferAfterMinutes')::integer else x.buffer_after_minutes end,
        min_notice_minutes = case when p_patch ? 'minNoticeMinutes'
                                  then (p_patch ->> 'minNoticeMinutes')::integer else x.min_notice_minutes end,
        active = coalesce((p_patch ->> 'active')::boolean, x.active),
        updated_at = now()
     where x.id = p_id
    returning * into v_row;
    if p_patch ? 'practitionerIds' then
      perform set_service_practitioners(p_org_id, p_id, p_patch -> 'practitionerIds');
    end if;
  exception when foreign_key_violation then
    return catalog_refusal('practitionerIds', 'The clinic has no practitioner with one of those ids.');
  end;
  return jsonb_build_object('service', service_json(v_row));
end;
$$;

-- {"policy": staff_json's policy} after applying the fields p_policy gives; the default service
-- must be an active service of the clinic.
create or replace function set_booking_policy(p_org_id uuid, p_policy jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org organizations := lock_catalog(p_org_id);
  v_default uuid;
begin
  if v_org.id is null then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  if p_policy ? 'defaultServiceId' then
    select x.id into v_default from services x
     where x.org_id = p_org_id and x.active and x.id::text = p_policy ->> 'defaultServiceId';
    if v_default is null then
      return catalog_refusal('defaultServiceId', 'The default service must be an active service of the clinic.');
    end if;
    update services x set is_default = false, updated_at = now() where x.org_id = p_org_id and x.is_default and x.id <> v_default;
    update services x set is_default = true, updated_at = now() where x.id = v_default and not x.is_default;
  end if;
  update organizations o
     set allow_duration_override = coalesce((p_policy ->> 'allowDurationOverride')::boolean, o.allow_duration_override),
         unknown_service_falls_back = coalesce(
           (p_policy ->> 'unknownServiceFallsBackToDefault')::boolean, o.unknown_service_falls_back),
         updated_at = now()
   where o.id = p_org_id
  returning * into v_org;
  return jsonb_build_object('policy', staff_json(v_org) -> 'policy');
end;
$$;
