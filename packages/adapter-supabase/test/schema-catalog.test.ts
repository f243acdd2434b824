/**
 * The declarative schema (supabase/schemas) is the source of truth and the migrations are written
 * by hand from its changes: on real Postgres, the migrations and the schema files must build the
 * same catalog. Shown to fail on a changed function body, on a migration added alone, and on a
 * migration that forgets the privilege treatment; and each function is defined in one file only.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, migrate } from "../src/migrate.ts";
import { pgPoolClient } from "../src/sql-client.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";
import {
  applySchemaFiles,
  type Catalog,
  compareCatalogs,
  formatDifferences,
  functionDefinitions,
  readCatalog,
  SCHEMAS_DIR,
} from "./support/schema-catalog.ts";

const temporaryDirs: string[] = [];

/** A copy of `dir` in a temporary directory, as a directory URL. */
async function copyOf(dir: URL): Promise<URL> {
  const target = await mkdtemp(join(tmpdir(), "voxanne-schema-"));
  temporaryDirs.push(target);
  await cp(dir, target, { recursive: true });
  return pathToFileURL(`${target}/`);
}

async function catalogOf(build: (db: TestDatabase) => Promise<unknown>): Promise<Catalog> {
  const db = await freshDatabase({ migrated: false });
  try {
    await build(db);
    return await readCatalog(db.pool);
  } finally {
    await db.drop();
  }
}

const fromMigrations = (dir: URL = MIGRATIONS_DIR) => catalogOf((db) => migrate(pgPoolClient(db.pool), dir));
const fromSchemas = (dir: URL = SCHEMAS_DIR) => catalogOf((db) => applySchemaFiles(db.pool, dir));

describe("the migrations and the declarative schema", () => {
  let schemas: Catalog;
  beforeAll(async () => {
    schemas = await fromSchemas();
  });
  afterAll(() => Promise.all(temporaryDirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("build the same catalog", async () => {
    const migrations = await fromMigrations();
    expect(schemas.size).toBeGreaterThan(100);
    expect([...schemas.keys()]).toContain("function save_clinic(p_mode text, p_clinic jsonb, p_links jsonb)");
    expect(formatDifferences(compareCatalogs(migrations, schemas), "migrations", "schemas")).toBe("");
  });

  it("a function body changed in the schema files alone is reported, and only that function", async () => {
    const dir = await copyOf(SCHEMAS_DIR);
    const file = new URL("50_tenants.sql", dir);
    const sql = await readFile(file, "utf8");
    const changed = sql.replace("jsonb_build_object('error', 'UNKNOWN_ORG')", "jsonb_build_object('error', 'NO_ORG')");
    expect(changed).not.toBe(sql);
    await writeFile(file, changed);

    const differences = compareCatalogs(await fromMigrations(), await fromSchemas(dir));
    expect(differences.map((d) => d.key)).toEqual([
      "function org_for_vapi(p_assistant_id text, p_phone_number_id text)",
    ]);
    const report = formatDifferences(differences, "migrations", "schemas");
    expect(report).toContain("-     jsonb_build_object('error', 'UNKNOWN_ORG'))");
    expect(report).toContain("+     jsonb_build_object('error', 'NO_ORG'))");
  });

  it("a migration added without its schema change is reported", async () => {
    const dir = await copyOf(MIGRATIONS_DIR);
    await writeFile(
      new URL("99991231000000_contact_nickname.sql", dir),
      "alter table contacts add column nickname text;\n",
    );
    const differences = compareCatalogs(await fromMigrations(dir), schemas);
    expect(formatDifferences(differences, "migrations", "schemas")).toBe(
      "only in migrations: column contacts.nickname\n    text",
    );
  });

  it("a migration that adds a function but not its privileges is reported (the grants differ)", async () => {
    // Named to run after every real migration: a later migration's restrict_to_backend() would grant it.
    const ping = "create or replace function ping() returns integer language sql stable as $$ select 1 $$;\n";
    const migrations = await copyOf(MIGRATIONS_DIR);
    await writeFile(new URL("99991231000000_ping.sql", migrations), ping);
    const schemaFiles = await copyOf(SCHEMAS_DIR);
    await writeFile(new URL("85_ping.sql", schemaFiles), ping);

    const differences = compareCatalogs(await fromMigrations(migrations), await fromSchemas(schemaFiles));
    expect(differences).toEqual([
      { key: "grants function ping()", left: "PUBLIC EXECUTE, postgres EXECUTE", right: "postgres EXECUTE" },
    ]);
  });

  it("define each function in one schema file only", async () => {
    const definitions = await functionDefinitions();
    expect(definitions.size).toBeGreaterThan(30);
    const repeated = [...definitions].filter(([, files]) => files.length > 1);
    expect(repeated, "functions defined more than once under supabase/schemas").toEqual([]);
  });
});
