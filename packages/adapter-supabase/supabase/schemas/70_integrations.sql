-- A clinic's Google Calendar link (the IntegrationStore). Both tokens are encrypted by the
-- writer (AES-256-GCM, see src/token-cipher.ts) before they reach these functions; the
-- database only ever holds ciphertext. Key rotation re-encrypts them through
-- reseal_integration_tokens, which never overwrites tokens a refresh wrote meanwhile.

-- The org's link, or {"error": "CALENDAR_NOT_LINKED"}.
create or replace function get_integration(p_org_id uuid, p_provider text default 'google') returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(
    (select jsonb_build_object('integration', integration_json(i)) from tenant_integrations i
      where i.org_id = p_org_id and i.provider = p_provider),
    jsonb_build_object('error', 'CALENDAR_NOT_LINKED'))
$$;

-- Links (or relinks) a calendar: tokens replaced, status active, reason cleared.
create or replace function save_integration(
  p_org_id uuid, p_provider text, p_calendar_id text, p_access_token_encrypted text,
  p_refresh_token_encrypted text, p_expires_at timestamptz, p_scope text)
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_saved tenant_integrations;
begin
  if not exists (select 1 from organizations o where o.id = p_org_id) then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  insert into tenant_integrations as i (
    org_id, provider, calendar_id, access_token_encrypted, refresh_token_encrypted, expires_at, scope,
    status, status_reason)
  values (
    p_org_id, p_provider, p_calendar_id, p_access_token_encrypted, p_refresh_token_encrypted, p_expires_at, p_scope,
    'active', null)
  on conflict (org_id, provider) do update set
    calendar_id = excluded.calendar_id, access_token_encrypted = excluded.access_token_encrypted,
    refresh_token_encrypted = excluded.refresh_token_encrypted, expires_at = excluded.expires_at,
    scope = excluded.scope, status = 'active', status_reason = null, updated_at = now()
  returning * into v_saved;
  return jsonb_build_object('integration', integration_json(v_saved));
end;
$$;

-- Stores refreshed tokens; a null refresh token keeps the stored one. The status is left alone.
-- Answers the stored refresh ciphertext, so the writer can re-encrypt one kept under an old key.
create or replace function update_integration_tokens(
  p_org_id uuid, p_access_token_encrypted text, p_refresh_token_encrypted text, p_expires_at timestamptz,
  p_scope text, p_provider text default 'google')
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with updated as (
    update tenant_integrations i
       set access_token_encrypted = p_access_token_encrypted,
           refresh_token_encrypted = coalesce(p_refresh_token_encrypted, i.refresh_token_encrypted),
           expires_at = p_expires_at, scope = p_scope, updated_at = now()
     where i.org_id = p_org_id and i.provider = p_provider
    returning i.refresh_token_encrypted)
  select coalesce(
    (select jsonb_build_object('updated', true, 'refreshTokenEncrypted', u.refresh_token_encrypted) from updated u),
    jsonb_build_object('error', 'CALENDAR_NOT_LINKED'))
$$;

-- Key rotation: the link's tokens re-encrypted, only if its ciphertexts are still those the
-- caller read (p_read_*): a refresh that wrote meanwhile wins, and {"resealed": false} says so.
-- Nothing else changes (status, expiry, updated_at).
create or replace function reseal_integration_tokens(
  p_org_id uuid, p_read_access text, p_read_refresh text, p_access_token_encrypted text,
  p_refresh_token_encrypted text, p_provider text default 'google')
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with resealed as (
    update tenant_integrations i
       set access_token_encrypted = p_access_token_encrypted, refresh_token_encrypted = p_refresh_token_encrypted
     where i.org_id = p_org_id and i.provider = p_provider
       and i.access_token_encrypted is not distinct from p_read_access
       and i.refresh_token_encrypted = p_read_refresh
    returning i.org_id)
  select jsonb_build_object('resealed', exists (select 1 from resealed))
$$;

-- The clinic must reconnect: nobody refreshes or retries until save_integration runs again.
create or replace function mark_integration_reauth_required(
  p_org_id uuid, p_reason text, p_provider text default 'google')
returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with updated as (
    update tenant_integrations i
       set status = 'reauth_required', status_reason = p_reason, updated_at = now()
     where i.org_id = p_org_id and i.provider = p_provider
    returning i.org_id)
  select case when exists (select 1 from updated) then jsonb_build_object('updated', true)
    else jsonb_build_object('error', 'CALENDAR_NOT_LINKED') end
$$;

-- Every link and its status (readiness, metrics).
create or replace function list_integrations() returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select coalesce(jsonb_agg(integration_json(i) order by i.org_id, i.provider), '[]'::jsonb)
    from tenant_integrations i
$$;
