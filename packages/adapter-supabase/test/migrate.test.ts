/**
 * The migrations apply in order, once (also with two processes migrating one database at once,
 * and on PGlite); a database from the pre-baseline migrations is refused; the schema holds the
 * constraints the invariants rely on.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestMigrationVersion, listMigrations, MIGRATIONS_DIR, migrate } from "../src/migrate.ts";
import { pgliteClient, pgPoolClient } from "../src/sql-client.ts";
import { freshDatabase, type TestDatabase } from "./support/postgres-database.ts";

describe("migrations on real Postgres", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase({ migrated: false });
  });
  afterAll(() => db.drop());

  it("apply every file once; a second run changes nothing", async () => {
    const files = await listMigrations();
    const client = pgPoolClient(db.pool);
    expect(await migrate(client)).toEqual({ applied: files, skipped: [] });
    const schema = () =>
      db.pool.query(
        "select table_name, column_name, data_type from information_schema.columns where table_schema = 'public' order by 1, 2",
      );
    const before = (await schema()).rows;
    expect(await migrate(client)).toEqual({ applied: [], skipped: files });
    expect((await schema()).rows).toEqual(before);
    const { rows } = await db.pool.query("select version from schema_migrations order by version");
    expect(rows.map((r) => r.version)).toEqual(files);
  });

  it("uq_contacts_org_phone is a full unique constraint on (org_id, phone)", async () => {
    const { rows } = await db.pool.query(
      `select con.contype, pg_get_constraintdef(con.oid) as def, idx.indpred is null as full_index
         from pg_constraint con join pg_index idx on idx.indexrelid = con.conindid
        where con.conname = 'uq_contacts_org_phone'`,
    );
    expect(rows).toEqual([{ contype: "u", def: "UNIQUE (org_id, phone)", full_index: true }]);
  });

  it("appointments exclude overlapping live intervals per practitioner, buffers included (no per-calendar rule left)", async () => {
    const { rows } = await db.pool.query(
      "select conname, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'x' and conrelid = 'appointments'::regclass",
    );
    expect(rows).toEqual([
      {
        conname: "ex_appointments_practitioner_no_overlap",
        def: "EXCLUDE USING gist (practitioner_id WITH =, tstzrange(blocks_from, blocks_until) WITH &&) WHERE ((status = 'booked'::text))",
      },
    ]);
  });

  it("every table has Row Level Security enabled", async () => {
    const { rows } = await db.pool.query(
      "select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r' order by 1",
    );
    expect(rows.length).toBeGreaterThanOrEqual(9);
    expect(rows.filter((r) => !r.relrowsecurity)).toEqual([]);
  });

  it("no function of ours is executable by PUBLIC (Supabase's anon and authenticated roles included)", async () => {
    const { rows } = await db.pool.query(
      `select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname = 'public'
          and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
          and (p.proacl is null or exists (
                select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
        order by 1`,
    );
    expect(rows).toEqual([]);
  });

  it("`pnpm db:migrate` (src/migrate-cli.ts) applies to DATABASE_URL and is idempotent", async () => {
    const target = await freshDatabase({ migrated: false });
    try {
      const cli = fileURLToPath(new URL("../src/migrate-cli.ts", import.meta.url));
      const run = () =>
        promisify(execFile)(process.execPath, [cli], { env: { ...process.env, DATABASE_URL: target.url } });
      const files = await listMigrations();
      expect((await run()).stdout).toContain(`${files.length} applied, 0 already present`);
      expect((await run()).stdout).toContain(`0 applied, ${files.length} already present`);
    } finally {
      await target.drop();
    }
  });
});

describe("migrating one database from two processes at once", () => {
  let dir: string;
  beforeAll(async () => {
    // The bundled migrations and two more, so the processes race over several files; a second
    // application of either extra file would fail (create table), so would the baseline's.
    dir = await mkdtemp(join(tmpdir(), "voxanne-migrations-"));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await writeFile(join(dir, "20261123000000_race_one.sql"), "create table race_one (id integer);\n");
    await writeFile(join(dir, "20261123000100_race_two.sql"), "create table race_two (id integer);\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("both succeed and each file is applied exactly once (two pools, five rounds)", async () => {
    const migrations = pathToFileURL(`${dir}/`);
    const files = await listMigrations(migrations);
    expect(files).toHaveLength((await listMigrations()).length + 2);
    for (let round = 0; round < 5; round++) {
      const db = await freshDatabase({ migrated: false });
      const other = new pg.Pool({ connectionString: db.url, max: 4 });
      other.on("error", () => {}); // its idle clients are terminated when the database is dropped
      try {
        const [a, b] = await Promise.all([
          migrate(pgPoolClient(db.pool), migrations),
          migrate(pgPoolClient(other), migrations),
        ]);
        expect([...a.applied, ...b.applied].sort()).toEqual(files);
        expect([...a.skipped, ...b.skipped].sort()).toEqual(files);
        const { rows } = await db.pool.query("select version from schema_migrations order by version");
        expect(rows.map((r) => r.version)).toEqual(files);
      } finally {
        await other.end();
        await db.drop();
      }
    }
  });
});

describe("a database created by the migrations before the baseline", () => {
  it("is refused untouched, with what to do", async () => {
    const db = await freshDatabase({ migrated: false });
    try {
      await db.pool.query(
        "create table schema_migrations (version text primary key, applied_at timestamptz not null default now());" +
          " insert into schema_migrations (version) values ('20260301000000_extensions.sql'), ('20260301000100_schema.sql');",
      );
      await expect(migrate(pgPoolClient(db.pool))).rejects.toThrow(
        "this database was created by migrations this version no longer ships " +
          "(20260301000000_extensions.sql, 20260301000100_schema.sql); recreate it (for the embedded default: delete the DATA_DIR",
      );
      const { rows } = await db.pool.query(
        "select to_regclass('organizations') as organizations, (select count(*)::int from schema_migrations) as recorded",
      );
      expect(rows).toEqual([{ organizations: null, recorded: 2 }]);
    } finally {
      await db.drop();
    }
  });
});

describe("migrations on PGlite (one connection)", () => {
  it("apply every file once; a second run changes nothing", async () => {
    const db = new PGlite({ extensions: { btree_gist } });
    try {
      const files = await listMigrations();
      expect(await migrate(pgliteClient(db))).toEqual({ applied: files, skipped: [] });
      expect(await migrate(pgliteClient(db))).toEqual({ applied: [], skipped: files });
      const { rows } = await db.query<{ answer: unknown }>("select schema_version() as answer");
      expect(rows).toEqual([{ answer: { version: await latestMigrationVersion() } }]);
    } finally {
      await db.close();
    }
  });
});
