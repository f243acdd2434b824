-- Clinics (the ClinicDirectory): a clinic's settings and its Vapi assistant and phone-number ids,
-- read and written together as {"clinic": clinic_json, "links": vapi_links_json}.

-- The clinic's settings, or {"error": "UNKNOWN_ORG"}.
create or replace function get_clinic(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('clinic', clinic_json(o)) from organizations o where o.id = p_org_id),
    jsonb_build_object('error', 'UNKNOWN_ORG'))
$$;

-- The clinic's settings and Vapi ids, or {"error": "UNKNOWN_ORG"}.
create or replace function get_clinic_record(p_org_id uuid) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('clinic', clinic_json(o), 'links', vapi_links_json(o.id))
       from organizations o where o.id = p_org_id),
    jsonb_build_object('error', 'UNKNOWN_ORG'))
$$;

-- Every clinic with its Vapi ids, by name (then id), in one statement.
create or replace function list_clinics() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    jsonb_agg(jsonb_build_object('clinic', clinic_json(o), 'links', vapi_links_json(o.id)) order by o.name, o.id),
    '[]'::jsonb)
  from organizations o
$$;

-- The ids of the lists given (a null list is not looked at) that another clinic than p_org_id
-- holds, as save_clinic's refusal ({"error": "INVALID_INPUT", "field", "ids", "message"}), or null.
create or replace function vapi_ids_taken(p_org_id uuid, p_assistant_ids text[], p_phone_number_ids text[])
returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  with taken (ord, field, ids) as (
    values
      (1, 'vapiAssistantIds', array(
        select a.assistant_id from vapi_assistants a
         where a.assistant_id = any(p_assistant_ids) and a.org_id <> p_org_id order by 1)),
      (2, 'vapiPhoneNumberIds', array(
        select p.phone_number_id from vapi_phone_numbers p
         where p.phone_number_id = any(p_phone_number_ids) and p.org_id <> p_org_id order by 1))
  )
  select jsonb_build_object(
      'error', 'INVALID_INPUT', 'field', t.field, 'ids', to_jsonb(t.ids),
      'message', array_to_string(t.ids, ', ') || ' already belongs to another clinic.')
    from taken t
   where cardinality(t.ids) > 0
   order by t.ord
   limit 1
$$;

-- Creates (p_mode 'create') or updates (p_mode 'update') a clinic from p_clinic (clinic_json's
-- shape; a setting left out takes the column's default) and links the Vapi ids of p_links
-- {"assistantIds": [...], "phoneNumberIds": [...]}: a list given replaces the clinic's, a list
-- left out keeps it. A create also gives the clinic its staff: p_clinic's "staff" (the domain's
-- ClinicStaff) when given, else the default staff (seed_staff); an update never touches it.
-- All or nothing: every refusal below writes nothing.
--  * create of an existing id, update of a missing one;
--  * a blank id; an id another clinic holds (checked first, and again when two clinics race for
--    one id: the loser's insert hits the primary key, caught below, which also undoes its
--    settings write, so it is refused the same way).
-- Writers of one clinic queue on its row (FOR NO KEY UPDATE: bookings, which only take key-share
-- locks on it, do not wait). Ids are inserted in sorted order, so racing writers take their
-- locks in one order and cannot deadlock.
create or replace function save_clinic(p_mode text, p_clinic jsonb, p_links jsonb) returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_org_id uuid := (p_clinic ->> 'orgId')::uuid;
  v_assistants text[] := case when jsonb_typeof(p_links -> 'assistantIds') = 'array' then array(
    select distinct x from jsonb_array_elements_text(p_links -> 'assistantIds') x order by 1) end;
  v_numbers text[] := case when jsonb_typeof(p_links -> 'phoneNumberIds') = 'array' then array(
    select distinct x from jsonb_array_elements_text(p_links -> 'phoneNumberIds') x order by 1) end;
  v_row organizations;
  v_refusal jsonb;
  v_table text;
begin
  if p_mode is null or p_mode not in ('create', 'update') then
    raise exception 'save_clinic: p_mode must be create or update, not %', p_mode using errcode = '22023';
  end if;
  if exists (select 1 from unnest(v_assistants) x where x is null or x !~ '\S') then
    return jsonb_build_object('error', 'INVALID_INPUT', 'field', 'vapiAssistantIds', 'message', 'An id is blank.');
  end if;
  if exists (select 1 from unnest(v_numbers) x where x is null or x !~ '\S') then
    return jsonb_build_object('error', 'INVALID_INPUT', 'field', 'vapiPhoneNumberIds', 'message', 'An id is blank.');
  end if;

  if p_mode = 'create' then
    if exists (select 1 from organizations o where o.id = v_org_id) then
      return jsonb_build_object('error', 'INVALID_INPUT', 'field', 'id', 'message', 'A clinic with this id already exists.');
    end if;
  else
    perform 1 from organizations o where o.id = v_org_id for no key update;
    if not found then
      return jsonb_build_object('error', 'UNKNOWN_ORG');
    end if;
  end if;

  v_refusal := vapi_ids_taken(v_org_id, v_assistants, v_numbers);
  if v_refusal is not null then
    return v_refusal;
  end if;

  begin
    if p_mode = 'create' then
      insert into organizations (
        id, name, zone, region, opening_hours, slot_minutes, buffer_minutes, min_notice_minutes, horizon_days,
        calendar_id)
      values (
        v_org_id, p_clinic ->> 'name',
        coalesce(p_clinic ->> 'zone', 'Europe/London'), coalesce(p_clinic ->> 'region', 'GB'),
        coalesce(p_clinic -> 'openingHours', '{"1":[],"2":[],"3":[],"4":[],"5":[],"6":[],"7":[]}'::jsonb),
        coalesce((p_clinic ->> 'slotMinutes')::integer, 30), coalesce((p_clinic ->> 'bufferMinutes')::integer, 0),
        coalesce((p_clinic ->> 'minNoticeMinutes')::integer, 60), coalesce((p_clinic ->> 'horizonDays')::integer, 90),
        coalesce(p_clinic ->> 'calendarId', 'primary'))
      returning * into v_row;
      perform seed_staff(v_row, p_clinic -> 'staff');
    else
      update organizations o set
        name = p_clinic ->> 'name',
        zone = coalesce(p_clinic ->> 'zone', 'Europe/London'), region = coalesce(p_clinic ->> 'region', 'GB'),
        opening_hours = coalesce(p_clinic -> 'openingHours', '{"1":[],"2":[],"3":[],"4":[],"5":[],"6":[],"7":[]}'::jsonb),
        slot_minutes = coalesce((p_clinic ->> 'slotMinutes')::integer, 30),
        buffer_minutes = coalesce((p_clinic ->> 'bufferMinutes')::integer, 0),
        min_notice_minutes = coalesce((p_clinic ->> 'minNoticeMinutes')::integer, 60),
        horizon_days = coalesce((p_clinic ->> 'horizonDays')::integer, 90),
        calendar_id = coalesce(p_clinic ->> 'calendarId', 'primary'), updated_at = now()
       where o.id = v_org_id
      returning * into v_row;
    end if;

    if v_assistants is not null then
      delete from vapi_assistants a where a.org_id = v_org_id and a.assistant_id <> all(v_assistants);
      insert into vapi_assistants (assistant_id, org_id)
      select x, v_org_id from unnest(v_assistants) x
       where not exists (select 1 from vapi_assistants a where a.assistant_id = x and a.org_id = v_org_id)
       order by 1;
    end if;
    if v_numbers is not null then
      delete from vapi_phone_numbers p where p.org_id = v_org_id and p.phone_number_id <> all(v_numbers);
      insert into vapi_phone_numbers (phone_number_id, org_id)
      select x, v_org_id from unnest(v_numbers) x
       where not exists (select 1 from vapi_phone_numbers p where p.phone_number_id = x and p.org_id = v_org_id)
       order by 1;
    end if;
  exception when unique_violation then
    -- A racing writer committed first: another create of this id, or another clinic took an id.
    get stacked diagnostics v_table = table_name;
    if v_table = 'organizations' then
      return jsonb_build_object('error', 'INVALID_INPUT', 'field', 'id', 'message', 'A clinic with this id already exists.');
    end if;
    return coalesce(vapi_ids_taken(v_org_id, v_assistants, v_numbers), jsonb_build_object(
      'error', 'INVALID_INPUT',
      'field', case v_table when 'vapi_assistants' then 'vapiAssistantIds' else 'vapiPhoneNumberIds' end,
      'ids', '[]'::jsonb, 'message', 'An id already belongs to another clinic.'));
  end;
  return jsonb_build_object('clinic', clinic_json(v_row), 'links', vapi_links_json(v_org_id));
end;
$$;
