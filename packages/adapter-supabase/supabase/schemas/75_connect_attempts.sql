-- Calendar connect attempts (the ConnectAttempts port). Each consent link an admin starts is a
-- row, used once by the OAuth callback: one UPDATE ... WHERE used_at IS NULL AND expires_at >
-- now(), so of two callbacks with one state exactly one gets it. Beside them, the provider account
-- each clinic's link belongs to: a relink by another account is refused unless its attempt asked
-- to switch (the check and the write are one INSERT ... ON CONFLICT DO UPDATE ... WHERE).

create table calendar_connect_attempts (
  nonce          text primary key,
  org_id         uuid not null references organizations (id) on delete cascade,
  provider       text not null default 'google',
  expires_at     timestamptz not null,
  -- The account the clinic was linked to when the attempt started (null: none).
  linked_account text,
  switch_account boolean not null,
  created_at     timestamptz not null default now(),
  used_at        timestamptz
);
create index ix_calendar_connect_attempts_expires_at on calendar_connect_attempts (expires_at);

create table calendar_link_accounts (
  org_id     uuid not null references organizations (id) on delete cascade,
  provider   text not null default 'google',
  -- The provider's stable account id (Google: the ID token's `sub`).
  account    text not null,
  linked_at  timestamptz not null default now(),
  primary key (org_id, provider)
);

alter table calendar_connect_attempts enable row level security;
alter table calendar_link_accounts enable row level security;

-- The domain's ConnectAttempt.
create or replace function connect_attempt_json(a calendar_connect_attempts) returns jsonb
language sql stable parallel safe
set search_path = public, pg_temp
as $$
  select jsonb_build_object(
    'nonce', a.nonce, 'orgId', a.org_id, 'expiresAt', iso_instant(a.expires_at),
    'linkedAccount', a.linked_account, 'switchAccount', a.switch_account)
$$;

-- Records an attempt with the clinic's linked account as it is now; attempts a day past their
-- expiry are cleared on the way. {"attempt": ...}, or {"error": "UNKNOWN_ORG"}.
create or replace function start_connect_attempt(
  p_nonce text, p_org_id uuid, p_expires_at timestamptz, p_switch_account boolean, p_provider text default 'google')
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
declare
  v_started calendar_connect_attempts;
begin
  if not exists (select 1 from organizations o where o.id = p_org_id) then
    return jsonb_build_object('error', 'UNKNOWN_ORG');
  end if;
  delete from calendar_connect_attempts a where a.expires_at < now() - interval '1 day';
  insert into calendar_connect_attempts (nonce, org_id, provider, expires_at, linked_account, switch_account)
  values (
    p_nonce, p_org_id, p_provider, p_expires_at,
    (select l.account from calendar_link_accounts l where l.org_id = p_org_id and l.provider = p_provider),
    p_switch_account)
  returning * into v_started;
  return jsonb_build_object('attempt', connect_attempt_json(v_started));
end;
$$;

-- Uses an attempt once. {"attempt": ...}, or {"error": "CONNECT_ATTEMPT_UNUSABLE", "problem":
-- "used" | "expired" | "unknown"}. The refusal reads the row as it was when the statement began:
-- a row usable then that the UPDATE did not take was used by a concurrent call.
create or replace function consume_connect_attempt(p_nonce text) returns jsonb
language sql
set search_path = public, pg_temp
as $$
  with used as (
    update calendar_connect_attempts a set used_at = now()
     where a.nonce = p_nonce and a.used_at is null and a.expires_at > now()
    returning a.*)
  select coalesce(
    (select jsonb_build_object('attempt', connect_attempt_json(u)) from used u),
    (select jsonb_build_object('error', 'CONNECT_ATTEMPT_UNUSABLE', 'problem',
              case when a.used_at is null and a.expires_at <= now() then 'expired' else 'used' end)
       from calendar_connect_attempts a where a.nonce = p_nonce),
    jsonb_build_object('error', 'CONNECT_ATTEMPT_UNUSABLE', 'problem', 'unknown'))
$$;

-- The account the clinic's link belongs to: {"account": text | null}.
create or replace function linked_calendar_account(p_org_id uuid, p_provider text default 'google') returns jsonb
language sql stable
set search_path = public, pg_temp
as $$
  select jsonb_build_object('account',
    (select l.account from calendar_link_accounts l where l.org_id = p_org_id and l.provider = p_provider))
$$;

-- Records the account a link belongs to, unless the clinic is linked to another one (when the
-- attempt started, p_linked_account, or now) and the attempt did not ask to switch.
-- {"pinned": true}, or {"error": "CALENDAR_ACCOUNT_MISMATCH", "linkedAccount": ...}; a refusal
-- changes nothing.
create or replace function pin_calendar_account(
  p_org_id uuid, p_account text, p_linked_account text, p_switch_account boolean, p_provider text default 'google')
returns jsonb
language plpgsql
set search_path = public, pg_temp
as $$
begin
  if p_switch_account or p_linked_account is null or p_linked_account = p_account then
    insert into calendar_link_accounts as l (org_id, provider, account)
    values (p_org_id, p_provider, p_account)
    on conflict (org_id, provider) do update set account = excluded.account, linked_at = now()
     where p_switch_account or l.account = excluded.account;
    if found then
      return jsonb_build_object('pinned', true);
    end if;
  end if;
  return jsonb_build_object('error', 'CALENDAR_ACCOUNT_MISMATCH', 'linkedAccount', coalesce(
    (select l.account from calendar_link_accounts l where l.org_id = p_org_id and l.provider = p_provider),
    p_linked_account));
end;
$$;
