-- The schema version this database runs: the newest migration's version (its timestamp prefix).
-- Readiness compares it with the newest migration the code ships (test/schema-status.test.ts),
-- and it is a function so that supabase-js, which can only call functions, can ask too. Every
-- schema change comes with a migration, which sets this to that migration's version here and in
-- the migration.
create or replace function schema_version() returns jsonb
language sql stable
as $$ select jsonb_build_object('version', '20261123010000') $$;
