-- Extensions the schema needs. btree_gist lets one exclusion constraint mix equality on
-- org_id / calendar_id with overlap of time ranges (invariant A1). gen_random_uuid() is built in
-- since Postgres 13, so pgcrypto is not needed.
create extension if not exists btree_gist;
