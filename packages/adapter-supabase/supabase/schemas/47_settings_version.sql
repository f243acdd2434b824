-- The clinic's settings version (organizations.settings_version): what the booking hot path's
-- in-process cache is checked against. Every change to what a booking reads bumps it in the
-- change's own transaction, whoever writes (the admin API, the CLI, plain SQL): the clinic's own
-- row, its practitioners, services and their links, and the Vapi ids mapped to it (a moved id
-- bumps the clinic it leaves AND the one it joins). book_appointment, given the version the
-- caller judged with, answers {"error": "SETTINGS_STALE"} and changes nothing when it differs.

-- Any update of a clinic's row is a change of its settings.
create or replace function bump_own_settings_version() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
  new.settings_version := greatest(new.settings_version, old.settings_version + 1);
  return new;
end;
$$;

create trigger trg_organizations_settings_version
  before update on organizations
  for each row execute function bump_own_settings_version();

-- A row of a table the clinic's settings are read from changed: bump its clinic (both, when the
-- row moved from one to another).
create or replace function bump_clinic_settings_version() returns trigger
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if tg_op <> 'INSERT' then
    update organizations o set settings_version = o.settings_version + 1 where o.id = old.org_id;
  end if;
  if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.org_id is distinct from old.org_id) then
    update organizations o set settings_version = o.settings_version + 1 where o.id = new.org_id;
  end if;
  return null;
end;
$$;

create trigger trg_practitioners_settings_version
  after insert or update or delete on practitioners
  for each row execute function bump_clinic_settings_version();

create trigger trg_services_settings_version
  after insert or update or delete on services
  for each row execute function bump_clinic_settings_version();

create trigger trg_service_practitioners_settings_version
  after insert or update or delete on service_practitioners
  for each row execute function bump_clinic_settings_version();

create trigger trg_vapi_assistants_settings_version
  after insert or update or delete on vapi_assistants
  for each row execute function bump_clinic_settings_version();

create trigger trg_vapi_phone_numbers_settings_version
  after insert or update or delete on vapi_phone_numbers
  for each row execute function bump_clinic_settings_version();
