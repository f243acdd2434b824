/**
 * The initdb template: the first new data directory leaves one in the cache, the next ones start
 * as copies of it (no initdb), a copy cut short before its marker is copied again, and every copy
 * is a database that migrates and keeps what it is given.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createPglite, listMigrations, migrate, pgliteClient } from "../src/index.ts";
import { isNewDataDir, templateDir } from "../src/pglite-template.ts";

let root: string;
let cache: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "voxanne-template-"));
  cache = join(root, "cache");
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Opens `dir` with the test's cache, migrates it and writes one row; returns what the migration applied. */
async function openAndUse(dir: string): Promise<number> {
  const db = await createPglite(dir, { templateCache: cache });
  try {
    const { applied } = await migrate(pgliteClient(db));
    await db.exec("create table kept (note text); insert into kept values ('written');");
    return applied.length;
  } finally {
    await db.close();
  }
}

async function readBack(dir: string): Promise<unknown[]> {
  const db = await createPglite(dir, { templateCache: cache });
  try {
    return (await db.query("select note from kept")).rows;
  } finally {
    await db.close();
  }
}

it("the first new database builds the template; later ones are copies that migrate and persist", async () => {
  const migrations = (await listMigrations()).length;
  const first = join(root, "first");
  expect(existsSync(templateDir(cache))).toBe(false);
  expect(await openAndUse(first)).toBe(migrations);
  // The template is in place, and nothing half-built is left beside it.
  expect(existsSync(join(templateDir(cache), "PG_VERSION"))).toBe(true);
  expect(readdirSync(cache).filter((f) => f.endsWith(".partial"))).toEqual([]);

  const second = join(root, "second");
  expect(await openAndUse(second)).toBe(migrations);
  expect(await readBack(second)).toEqual([{ note: "written" }]);
  expect(await readBack(first)).toEqual([{ note: "written" }]);
});

it("a copy cut short before its marker is not a database: the next start copies again", async () => {
  const dir = join(root, "cut-short");
  mkdirSync(join(dir, "base"), { recursive: true });
  writeFileSync(join(dir, "base", "leftover"), "half a copy");
  expect(isNewDataDir(dir)).toBe(true);
  await openAndUse(dir);
  expect(isNewDataDir(dir)).toBe(false);
  expect(await readBack(dir)).toEqual([{ note: "written" }]);
});

it("two starts that race to build the template both open, and one template is kept", async () => {
  const raceCache = join(root, "race-cache");
  const open = async (name: string) => {
    const db = await createPglite(join(root, name), { templateCache: raceCache });
    try {
      return (await db.query("select 1 as one")).rows;
    } finally {
      await db.close();
    }
  };
  expect(await Promise.all([open("race-a"), open("race-b")])).toEqual([[{ one: 1 }], [{ one: 1 }]]);
  expect(readdirSync(raceCache)).toEqual([templateDir(raceCache).split("/").at(-1)]);
});
