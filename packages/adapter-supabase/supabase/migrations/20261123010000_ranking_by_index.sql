-- A booking's cost no longer grows with the practitioner's book: ranked_candidates read, for each
-- candidate, an aggregate over all their live appointments (the day's count and the latest
-- created_at), so every booking scanned the practitioner's whole book. Each figure is now read
-- through its own partial index. Same order, same answers.

create index if not exists ix_appointments_practitioner_starts on appointments (practitioner_id, starts_at) where status = 'booked';
create index if not exists ix_appointments_practitioner_booked on appointments (practitioner_id, created_at) where status = 'booked';

-- A placement's candidates ({"practitionerId", "calendarId"} in p_placement.candidates) in the
-- rule's order: fewest live appointments starting that local day [dayStart, dayEnd), then least
-- recently booked (the latest created_at of their live appointments; never booked first), then
-- the order given. p_self (a moved appointment) is not counted. Each figure is read through its
-- own partial index (ix_appointments_practitioner_starts, _booked): the cost does not grow with
-- the practitioner's book, as one aggregate over all their live appointments did.
create or replace function ranked_candidates(p_org_id uuid, p_placement jsonb, p_self uuid)
returns table (practitioner_id uuid, calendar_id text)
language sql stable
set search_path = public, pg_temp
as $$
  select c.id, c.calendar_id
    from (select (e.value ->> 'practitionerId')::uuid as id, e.value ->> 'calendarId' as calendar_id, e.ord
            from jsonb_array_elements(p_placement -> 'candidates') with ordinality as e(value, ord)) c
   order by
     (select count(*) from appointments a
       where a.practitioner_id = c.id and a.status = 'booked' and a.org_id = p_org_id
         and a.starts_at >= (p_placement ->> 'dayStart')::timestamptz
         and a.starts_at < (p_placement ->> 'dayEnd')::timestamptz
         and a.id is distinct from p_self),
     (select max(a.created_at) from appointments a
       where a.practitioner_id = c.id and a.status = 'booked' and a.org_id = p_org_id
         and a.id is distinct from p_self) nulls first,
     c.ord
$$;

create or replace function schema_version() returns jsonb
language sql stable
as $$ select jsonb_build_object('version', '20261123010000') $$;

select restrict_to_backend();
