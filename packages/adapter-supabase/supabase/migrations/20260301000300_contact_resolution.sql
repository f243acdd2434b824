-- ContactResolution (packages/domain/src/contacts/contact-resolution.ts), race-safe:
--  * phone given: the contact with that phone, email and name updated (upsert on the FULL
--    constraint uq_contacts_org_phone). If no contact has the phone, a phone-less contact with
--    the same email takes it ("promoted"); a concurrent writer that gives the phone to another
--    contact first turns the promotion into the phone path (unique_violation caught).
--  * email only: the most recently updated contact with that email (name filled in when it had
--    none), else a new phone-less one (upsert on the partial unique index, predicate included).
-- Runs inside the caller's transaction; the caller's RAISE or exception block undoes it.

create or replace function resolve_contact_row(
  p_org_id uuid, p_phone text, p_email text, p_name text,
  out contact_id uuid, out path text)
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_phoneless uuid;
  v_inserted boolean;
begin
  if p_phone is null and p_email is null then
    raise exception 'a contact needs a phone or an email' using errcode = '22023';
  end if;

  if p_phone is not null then
    if p_email is not null
       and not exists (select 1 from contacts c where c.org_id = p_org_id and c.phone = p_phone) then
      select c.id into v_phoneless from contacts c
        where c.org_id = p_org_id and c.email = p_email and c.phone is null
        order by c.updated_seq desc limit 1
        for update;
      if v_phoneless is not null then
        begin
          update contacts c
             set phone = p_phone, name = coalesce(p_name, c.name),
                 updated_seq = nextval('contacts_updated_seq'), updated_at = now()
           where c.id = v_phoneless and c.phone is null
          returning c.id into contact_id;
          if contact_id is not null then
            path := 'promoted';
            return;
          end if;
        exception when unique_violation then
          null; -- another booking gave this phone to a contact first: take the phone path
        end;
      end if;
    end if;

    insert into contacts as c (org_id, phone, email, name)
    values (p_org_id, p_phone, p_email, p_name)
    on conflict (org_id, phone) do update
      set email = coalesce(excluded.email, c.email), name = coalesce(excluded.name, c.name),
          updated_seq = nextval('contacts_updated_seq'), updated_at = now()
    returning c.id, (c.xmax = 0) into contact_id, v_inserted;
    path := case when v_inserted then 'created' else 'phone' end;
    return;
  end if;

  select c.id into contact_id from contacts c
    where c.org_id = p_org_id and c.email = p_email
    order by c.updated_seq desc limit 1
    for update;
  if contact_id is not null then
    update contacts c
       set name = coalesce(c.name, p_name), updated_seq = nextval('contacts_updated_seq'), updated_at = now()
     where c.id = contact_id;
    path := 'email';
    return;
  end if;

  insert into contacts as c (org_id, phone, email, name)
  values (p_org_id, null, p_email, p_name)
  on conflict (org_id, email) where phone is null do update
    set name = coalesce(c.name, excluded.name),
        updated_seq = nextval('contacts_updated_seq'), updated_at = now()
  returning c.id, (c.xmax = 0) into contact_id, v_inserted;
  path := case when v_inserted then 'created' else 'email' end;
end;
$$;

-- The store's resolveContact: one call, one transaction. Returns {contact, path} or {error}.
create or replace function resolve_contact(p_org_id uuid, p_phone text, p_email text, p_name text)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_resolved record;
  v_contact contacts;
begin
  if not exists (select 1 from organizations o where o.id = p_org_id) then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  select * into v_resolved from resolve_contact_row(p_org_id, p_phone, p_email, p_name);
  select * into v_contact from contacts c where c.id = v_resolved.contact_id;
  return jsonb_build_object('contact', contact_json(v_contact), 'path', v_resolved.path);
end;
$$;
