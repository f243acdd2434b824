/**
 * @module migrate
 * Applies `supabase/migrations/*.sql` in file-name order, each file with its record in
 * `schema_migrations` in one implicit transaction (a failing file leaves no trace). Files already
 * recorded are skipped, so running it twice changes nothing. The same files are what
 * `supabase db push` applies to a linked project.
 */
import { readdir, readFile } from "node:fs/promises";
import type { SqlClient } from "./sql-client.ts";

export const MIGRATIONS_DIR = new URL("../supabase/migrations/", import.meta.url);

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly skipped: readonly string[];
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

export async function listMigrations(dir: URL = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((f) => /^\d+_[\w-]+\.sql$/.test(f)).sort();
}

/** A migration file's version: its timestamp prefix (`20260301001000_outbox_parking.sql` → `20260301001000`). */
export function migrationVersion(file: string): string {
  return file.slice(0, file.indexOf("_"));
}

/** The version of the newest bundled migration: the schema this code expects. */
export async function latestMigrationVersion(dir: URL = MIGRATIONS_DIR): Promise<string> {
  const newest = (await listMigrations(dir)).at(-1);
  if (newest === undefined) throw new Error(`no migrations in ${dir.pathname}`);
  return migrationVersion(newest);
}

export async function migrate(client: SqlClient, dir: URL = MIGRATIONS_DIR): Promise<MigrationReport> {
  await client.exec(
    "create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now());" +
      " alter table schema_migrations enable row level security;",
  );
  const done = new Set(
    (await client.query<{ version: string }>("select version from schema_migrations")).map((r) => r.version),
  );
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const file of await listMigrations(dir)) {
    if (done.has(file)) {
      skipped.push(file);
      continue;
    }
    const sql = await readFile(new URL(file, dir), "utf8");
    await client.exec(`${sql}\n;\ninsert into schema_migrations (version) values (${quote(file)});`);
    applied.push(file);
  }
  return { applied, skipped };
}
