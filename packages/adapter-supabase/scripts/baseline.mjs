/**
 * @module scripts/baseline
 * `pnpm db:baseline`: writes supabase/migrations/20261122000000_baseline.sql, the declarative
 * schema (supabase/schemas/*.sql) concatenated in file-name order. Only while the baseline is the
 * newest migration: once a later migration exists the baseline is history and stays as it is.
 * `--check` writes nothing and fails when the baseline is not what it would write.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";

const SCHEMAS_DIR = new URL("../supabase/schemas/", import.meta.url);
const MIGRATIONS_DIR = new URL("../supabase/migrations/", import.meta.url);
const BASELINE = "20261122000000_baseline.sql";

const HEADER = `-- Baseline: the declarative schema (supabase/schemas/*.sql, the source of truth) as it stood
-- at this version, its files concatenated in name order. Written by \`pnpm db:baseline\`; do not edit.
-- Later migrations are written by hand from a schema change: edit supabase/schemas/, then add
-- supabase/migrations/<timestamp>_<name>.sql taking a database from the previous schema to the new
-- one (\`supabase db diff\` can draft it). test/schema-catalog.test.ts checks that the migrations and
-- the schema files build the same catalog.
`;

async function sqlFiles(dir) {
  return (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
}

async function baselineSql() {
  const parts = [HEADER];
  for (const file of await sqlFiles(SCHEMAS_DIR)) {
    const sql = await readFile(new URL(file, SCHEMAS_DIR), "utf8");
    parts.push(`\n-- ==== supabase/schemas/${file} ====\n\n${sql.trimEnd()}\n`);
  }
  return parts.join("");
}

async function main() {
  const later = (await sqlFiles(MIGRATIONS_DIR)).filter((f) => f > BASELINE);
  if (later.length > 0) {
    console.error(`the baseline is history once later migrations exist (${later.join(", ")}); not rewritten.`);
    return 1;
  }
  const target = new URL(BASELINE, MIGRATIONS_DIR);
  const sql = await baselineSql();
  if (process.argv.includes("--check")) {
    const current = await readFile(target, "utf8").catch(() => "");
    if (current === sql) return 0;
    console.error(`${BASELINE} is not the schema files concatenated: run pnpm db:baseline.`);
    return 1;
  }
  await writeFile(target, sql);
  console.log(`wrote supabase/migrations/${BASELINE}`);
  return 0;
}

process.exitCode = await main();
