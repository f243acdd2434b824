/**
 * Migration 20261122040000 on a database that holds data: calendar jobs of clinics without a
 * calendar link (queued by every booking before this release) are cleared, a linked clinic's jobs
 * are kept, and from then on an unlinked clinic's bookings queue nothing.
 */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, MIGRATIONS_DIR, migrate } from "../src/migrate.ts";
import { pgliteClient, type SqlClient } from "../src/sql-client.ts";

const THIS_MIGRATION = "20261122040000";
const LINKED = "11111111-1111-4111-8111-111111111111";
const UNLINKED = "22222222-2222-4222-8222-222222222222";

/** The migrations up to `version` (included or not), alone in a directory: the schema a database had then. */
async function migrationsUpTo(version: string, included: boolean): Promise<{ dir: URL; path: string }> {
  const path = await mkdtemp(join(tmpdir(), "voxanne-migrations-"));
  for (const file of await listMigrations()) {
    const v = file.slice(0, version.length);
    if (v < version || (included && v === version)) await copyFile(new URL(file, MIGRATIONS_DIR), join(path, file));
  }
  return { dir: pathToFileURL(`${path}/`), path };
}

/** Books one appointment with the booking function of that release (before practitioners). */
async function book(sql: SqlClient, org: string, id: string, start: string): Promise<void> {
  const end = new Date(Date.parse(start) + 1_800_000).toISOString();
  await sql.query("select book_appointment($1, $2, null, '+447700900555', null, null, 'primary', $3, $4, $4, null)", [
    org,
    id,
    start,
    end,
  ]);
}

describe(`migration ${THIS_MIGRATION}: calendar jobs only where a calendar is linked`, () => {
  const db = new PGlite({ extensions: { btree_gist } });
  const sql = pgliteClient(db);
  let old: { dir: URL; path: string };
  let upToThis: { dir: URL; path: string };
  beforeAll(async () => {
    old = await migrationsUpTo(THIS_MIGRATION, false);
    upToThis = await migrationsUpTo(THIS_MIGRATION, true);
    await migrate(sql, old.dir);
    await sql.query("insert into organizations (id, name) values ($1, 'Linked Clinic'), ($2, 'Unlinked Clinic')", [
      LINKED,
      UNLINKED,
    ]);
    await sql.query(
      `insert into tenant_integrations (org_id, provider, calendar_id, refresh_token_encrypted)
       values ($1, 'google', 'primary', 'v2.k.ciphertext')`,
      [LINKED],
    );
    await book(sql, LINKED, "aaaaaaaa-0000-4000-8000-000000000001", "2027-03-01T09:00:00Z");
    await book(sql, UNLINKED, "bbbbbbbb-0000-4000-8000-000000000001", "2027-03-01T09:00:00Z");
    await book(sql, UNLINKED, "bbbbbbbb-0000-4000-8000-000000000002", "2027-03-01T10:00:00Z");
  });
  afterAll(async () => {
    await db.close();
    await rm(old.path, { recursive: true, force: true });
    await rm(upToThis.path, { recursive: true, force: true });
  });

  const jobsByOrg = () =>
    sql.query<{ org_id: string; n: number }>(
      "select org_id::text, count(*)::int as n from calendar_sync_jobs group by org_id order by org_id",
    );

  it("before it, every clinic's bookings queued jobs; after it, only the linked clinic's remain", async () => {
    expect(await jobsByOrg()).toEqual([
      { org_id: LINKED, n: 1 },
      { org_id: UNLINKED, n: 2 },
    ]);
    const report = await migrate(sql, upToThis.dir);
    expect(report.applied).toContain(`${THIS_MIGRATION}_calendar_jobs_only_where_linked.sql`);
    expect(await jobsByOrg()).toEqual([{ org_id: LINKED, n: 1 }]);
    expect(await sql.query("select count(*)::int as n from appointments")).toEqual([{ n: 3 }]);
  });

  it("afterwards an unlinked clinic's booking queues nothing, a linked one's queues its job", async () => {
    await book(sql, UNLINKED, "bbbbbbbb-0000-4000-8000-000000000003", "2027-03-02T09:00:00Z");
    await book(sql, LINKED, "aaaaaaaa-0000-4000-8000-000000000002", "2027-03-02T09:00:00Z");
    expect(await jobsByOrg()).toEqual([{ org_id: LINKED, n: 2 }]);
  });
});
