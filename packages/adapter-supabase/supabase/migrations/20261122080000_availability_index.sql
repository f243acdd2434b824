-- 14-day availability stays flat as the book grows: busy_intervals asks for the overlap as a range,
-- which the practitioners' no-overlap GiST index serves (the window's rows only, not a scan of the
-- clinic's book), and answers [from, until] timestamp pairs built by array_agg (cheaper for a full
-- fortnight's thousands of rows than an object per row with formatted strings); it keeps the
-- settings version check of 20261122070000.

create or replace function busy_intervals(
  p_org_id uuid, p_practitioner_ids jsonb, p_from timestamptz, p_to timestamptz,
  p_settings_version bigint default null)
returns jsonb
language sql stable
set search_path = public, pg_temp
set timezone = 'UTC'
as $$
  select case when settings_stale(p_org_id, p_settings_version) then jsonb_build_object('error', 'SETTINGS_STALE')
  else (select coalesce(jsonb_object_agg(ids.id, coalesce(
      (select to_jsonb(array_agg(array[a.blocks_from, a.blocks_until] order by a.blocks_from, a.created_at, a.id))
         from appointments a
        where a.practitioner_id = ids.id and a.status = 'booked' and a.org_id = p_org_id
          and tstzrange(a.blocks_from, a.blocks_until) && tstzrange(p_from, greatest(p_from, p_to))),
      '[]'::jsonb)), '{}'::jsonb)
    from (select distinct x::uuid as id from jsonb_array_elements_text(p_practitioner_ids) x) ids) end
$$;

create or replace function schema_version() returns jsonb
language sql stable
as $$ select jsonb_build_object('version', '20261122080000') $$;

select restrict_to_backend();
