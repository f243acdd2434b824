-- Tenant identity (the TenantDirectory): which clinic a Vapi call belongs to.

-- The org of a Vapi call, from the assistant id or else the phone-number id Vapi sends.
create or replace function org_for_vapi(p_assistant_id text, p_phone_number_id text) returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('orgId', a.org_id) from vapi_assistants a where a.assistant_id = p_assistant_id),
    (select jsonb_build_object('orgId', p.org_id) from vapi_phone_numbers p where p.phone_number_id = p_phone_number_id),
    jsonb_build_object('error', 'UNKNOWN_ORG'))
$$;
