/**
 * PGlite has no autovacuum launcher: `pglite-autovacuum` vacuums and analyzes our tables past
 * Postgres's default thresholds, and `openPglite` runs it while the database is open.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type AutovacuumOptions, autovacuumPass, openPglite, type PgliteStores } from "../src/index.ts";

interface TableStats {
  readonly last_analyze: Date | null;
  readonly last_vacuum: Date | null;
  readonly n_dead_tup: string;
  readonly n_mod_since_analyze: string;
}

const PROBE = "autovacuum_probe";

async function stats(stores: PgliteStores): Promise<TableStats> {
  await stores.sql.query("select pg_stat_force_next_flush()");
  const rows = await stores.sql.query<TableStats>(
    `select last_analyze, last_vacuum, n_dead_tup::text, n_mod_since_analyze::text
       from pg_stat_user_tables where schemaname = 'public' and relname = $1`,
    [PROBE],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`no statistics for ${PROBE}`);
  return row;
}

const insert = (stores: PgliteStores, from: number, to: number) =>
  stores.sql.exec(`insert into public.${PROBE} (n) select g from generate_series(${from}, ${to}) g`);

let opened: PgliteStores | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

async function probeDatabase(autovacuum: AutovacuumOptions | false) {
  opened = await openPglite({ autovacuum });
  await opened.sql.exec(`create table public.${PROBE} (n int primary key, note text)`);
  return opened;
}

describe("a vacuum/analyze pass", () => {
  it("analyzes a table changed past 50 rows + 10%, and leaves it until it changes that much again", async () => {
    const db = await probeDatabase(false);
    await insert(db, 1, 40);
    expect(await autovacuumPass(db.sql)).not.toContainEqual(expect.objectContaining({ table: PROBE }));
    expect((await stats(db)).last_analyze).toBeNull();

    await insert(db, 41, 200);
    expect(await autovacuumPass(db.sql)).toContainEqual({ table: PROBE, vacuumed: false, analyzed: true });
    const after = await stats(db);
    expect(after.last_analyze).not.toBeNull();
    expect(after.n_mod_since_analyze).toBe("0");

    // 200 rows analyzed: the next analysis is due past 50 + 20 changes.
    await insert(db, 201, 260);
    expect(await autovacuumPass(db.sql)).not.toContainEqual(expect.objectContaining({ table: PROBE }));
    await insert(db, 261, 280);
    expect(await autovacuumPass(db.sql)).toContainEqual({ table: PROBE, vacuumed: false, analyzed: true });
  });

  it("vacuums a table whose dead rows pass 50 + 20%, and one past 1,000 inserts + 20%", async () => {
    const db = await probeDatabase(false);
    await insert(db, 1, 500);
    await autovacuumPass(db.sql);
    await db.sql.exec(`update public.${PROBE} set note = 'moved' where n <= 300`);
    expect((await stats(db)).n_dead_tup).toBe("300");
    expect(await autovacuumPass(db.sql)).toContainEqual({ table: PROBE, vacuumed: true, analyzed: true });
    const vacuumed = await stats(db);
    expect(vacuumed.n_dead_tup).toBe("0");
    expect(vacuumed.last_vacuum).not.toBeNull();

    await insert(db, 501, 2000);
    expect(await autovacuumPass(db.sql)).toContainEqual({ table: PROBE, vacuumed: true, analyzed: true });
  });
});

describe("openPglite", () => {
  it("runs the passes on its own while the database is open", async () => {
    const db = await probeDatabase({ intervalMs: 20 });
    await insert(db, 1, 300);
    let analyzed: Date | null = null;
    for (let i = 0; i < 200 && analyzed === null; i++) {
      await new Promise((r) => setTimeout(r, 25));
      analyzed = (await stats(db)).last_analyze;
    }
    expect(analyzed).not.toBeNull();
  });

  it("closes cleanly with a pass due every millisecond: no pass fails", async () => {
    const failures: unknown[] = [];
    const db = await probeDatabase({ intervalMs: 1, onError: (e) => failures.push(e) });
    await insert(db, 1, 5000);
    await db.close();
    opened = undefined;
    expect(failures).toEqual([]);
  });
});
