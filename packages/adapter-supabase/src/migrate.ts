/**
 * @module migrate
 * Applies `supabase/migrations/*.sql` in file-name order, each file with its record in
 * `schema_migrations` in one implicit transaction (a failing file leaves no trace). Files already
 * recorded are skipped, so running it again changes nothing. The same files are what
 * `supabase db push` applies to a linked project.
 *
 * Several processes may migrate one database at once: every script this sends starts by taking
 * one transaction-scoped advisory lock, so they queue, and a file recorded meanwhile by another
 * process is skipped. (A session-level lock would not do: over a pg Pool each call may run on
 * another connection.) A database whose record names files this version does not ship (the
 * migrations before the baseline) is refused untouched.
 */
import { readdir, readFile } from "node:fs/promises";
import type { SqlClient } from "./sql-client.ts";

export const MIGRATIONS_DIR = new URL("../supabase/migrations/", import.meta.url);

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly skipped: readonly string[];
}

/** Held until the end of each script's transaction; every migrating process takes this one. */
const LOCK = "select pg_advisory_xact_lock(hashtextextended('voxanne:migrate', 0));";
/** The SQLSTATE a file's script raises when, once it holds the lock, the file is already recorded. */
const ALREADY_APPLIED = "VXM01";

const BOOKKEEPING = `${LOCK}
create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now());
alter table schema_migrations enable row level security;`;

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

export async function listMigrations(dir: URL = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((f) => /^\d+_[\w-]+\.sql$/.test(f)).sort();
}

/** A migration file's version: its timestamp prefix (`20261122000000_baseline.sql` → `20261122000000`). */
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
  const files = await listMigrations(dir);
  await client.exec(BOOKKEEPING);
  const done = new Set(
    (await client.query<{ version: string }>("select version from schema_migrations")).map((r) => r.version),
  );
  refuseUnshipped([...done], files);
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    const fresh = !done.has(file) && (await applyOnce(client, file, await readFile(new URL(file, dir), "utf8")));
    (fresh ? applied : skipped).push(file);
  }
  return { applied, skipped };
}

/** A database migrated by files this version no longer ships cannot be brought up to date: say what to do. */
function refuseUnshipped(recorded: readonly string[], files: readonly string[]): void {
  const unshipped = recorded.filter((v) => !files.includes(v)).sort();
  if (unshipped.length === 0) return;
  throw new Error(
    `this database was created by migrations this version no longer ships (${unshipped.join(", ")}); ` +
      "recreate it (for the embedded default: delete the DATA_DIR, ./.data unless set) and start again",
  );
}

/** Applies the file and records it, unless another process recorded it first: then `false`. */
async function applyOnce(client: SqlClient, file: string, sql: string): Promise<boolean> {
  const script = `${LOCK}
do $guard$ begin
  if exists (select 1 from schema_migrations where version = ${quote(file)}) then
    raise exception 'migration % is already applied', ${quote(file)} using errcode = '${ALREADY_APPLIED}';
  end if;
end $guard$;
${sql}
;
insert into schema_migrations (version) values (${quote(file)});`;
  try {
    await client.exec(script);
    return true;
  } catch (e) {
    if (sqlState(e) === ALREADY_APPLIED) return false;
    throw e;
  }
}

function sqlState(e: unknown): unknown {
  return typeof e === "object" && e !== null && "code" in e ? e.code : undefined;
}
