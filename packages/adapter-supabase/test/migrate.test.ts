/** The migrations apply in order, once; the schema holds the constraints the invariants rely on. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, migrate, pgPoolClient } from "../src/index.ts";
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

  it("appointments exclude overlapping live intervals per org and calendar", async () => {
    const { rows } = await db.pool.query(
      "select pg_get_constraintdef(oid) as def from pg_constraint where conname = 'ex_appointments_no_overlap'",
    );
    expect(rows[0]?.def).toBe(
      "EXCLUDE USING gist (org_id WITH =, calendar_id WITH =, tstzrange(starts_at, blocks_until) WITH &&) WHERE ((status = 'booked'::text))",
    );
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
