/**
 * @module migrate-cli
 * `pnpm db:migrate`: applies the migrations to the Postgres named by DATABASE_URL (for Supabase,
 * the project's connection string). Safe while another process migrates the same database; a
 * database from migrations this version no longer ships is refused with what to do. The only
 * place this package reads the environment.
 */
import pg from "pg";
import { migrate } from "./migrate.ts";
import { pgPoolClient } from "./sql-client.ts";

const url = process.env.DATABASE_URL;
if (url === undefined || url.trim() === "") {
  console.error("DATABASE_URL is not set: give the Postgres connection string to migrate.");
  process.exit(1);
}
const pool = new pg.Pool({ connectionString: url, max: 1 });
try {
  const { applied, skipped } = await migrate(pgPoolClient(pool));
  for (const f of applied) console.log(`applied ${f}`);
  console.log(`${applied.length} applied, ${skipped.length} already present`);
} catch (e) {
  console.error(`migration failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await pool.end();
}
