/** `pnpm org:create`: an operator onboards a clinic from the shell, with the admin API's validation. */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHours } from "../src/cli/hours.ts";

const run = promisify(execFile);
const APP_DIR = fileURLToPath(new URL("..", import.meta.url));
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "voxanne-cli-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const orgCreate = (args: string[], env: Record<string, string> = { DATA_DIR: dataDir }) =>
  run(process.execPath, ["src/cli/org-create.ts", ...args], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? "", ...env },
  });

describe("pnpm org:create", () => {
  it("creates a clinic with its hours and Vapi ids, and refuses the same assistant for another clinic", async () => {
    const { stdout } = await orgCreate([
      "--name",
      "Riverside Physio",
      "--zone",
      "America/New_York",
      "--region",
      "US",
      "--hours",
      "mon-thu 08:00-12:00,13:00-17:00",
      "--hours",
      "fri 08:00-12:00",
      "--slot",
      "45",
      "--assistant-id",
      "asst_riverside",
      "--phone-number-id",
      "pn_riverside",
    ]);
    const clinic = JSON.parse(stdout);
    expect(clinic).toMatchObject({
      name: "Riverside Physio",
      zone: "America/New_York",
      region: "US",
      slotMinutes: 45,
      vapiAssistantIds: ["asst_riverside"],
      vapiPhoneNumberIds: ["pn_riverside"],
      openingHours: {
        monday: [
          { open: "08:00", close: "12:00" },
          { open: "13:00", close: "17:00" },
        ],
        friday: [{ open: "08:00", close: "12:00" }],
        saturday: [],
      },
    });
    const refused = orgCreate(["--name", "Copycat", "--assistant-id", "asst_riverside"]);
    await expect(refused).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("already belongs to another clinic"),
    });
  });

  it("names the flag at fault", async () => {
    await expect(orgCreate(["--name", "Bad", "--zone", "Mars/Olympus"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--zone"),
    });
    await expect(orgCreate(["--name", "Bad", "--hours", "someday 9-5"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('expected e.g. "mon-fri 09:00-17:30"'),
    });
  });

  it.each([
    [["--name", "Bad", "--slot", "0"], /^--slot: Too small/],
    [["--name", "Bad", "--slot", "thirty"], /^--slot: expected a whole number, got "thirty"/],
    [["--name", "Bad", "--horizon=-5"], /^--horizon: expected a whole number/],
    [["--name", "Bad", "--horizon", "-5"], /--horizon/],
    [["--name", "Bad", "--zone", "EST"], /^--zone: an IANA region zone/],
    [["--name", "Bad", "--zone", "GMT+1"], /^--zone: an IANA region zone/],
    [["--name", "Bad", "--region", "UK"], /^--region: a country code/],
    [["--name", "Bad", "--hours", "mon 12:00-09:00"], /^--hours \(monday, window 1\): open must be before close/],
    [["--name", "Bad", "--hours", "mon 09:00-12:00", "--hours", "mon 11:00-13:00"], /^--hours \(monday\): the windows/],
    [["--name", "Bad", "--id", "42"], /^--id: /],
    [["--zone", "Europe/London"], /^--name is required/],
    [["--name", "Bad", "--timezone", "Europe/Paris"], /Unknown option '--timezone'/],
    [["--name"], /--name/],
    [["Riverside"], /Riverside/],
  ])("%j is refused naming the flag, never a schema field, without a stack trace", async (args, message) => {
    const refused = await orgCreate(args).then(
      () => null,
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(refused).toMatchObject({ code: 2, stdout: "" });
    expect(refused?.stderr).toMatch(message);
    expect(refused?.stderr).toContain("pnpm org:create --help");
    expect(refused?.stderr).not.toMatch(/slotMinutes|horizonDays|openingHours|\n\s+at /);
  });

  it("--help prints the usage and exits 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const { stdout, stderr } = await orgCreate([flag]);
      expect(stdout).toMatch(/^Usage: pnpm org:create --name <name>/);
      expect(stdout).toContain("--phone-number-id <id>");
      expect(stderr).toBe("");
    }
  });

  it("reads a relative DATA_DIR from the directory the command was run in, and keeps it private", async () => {
    const { stdout } = await orgCreate(["--name", "Relative Clinic"], { DATA_DIR: "rel-data", INIT_CWD: dataDir });
    expect(JSON.parse(stdout)).toMatchObject({ name: "Relative Clinic" });
    const created = join(dataDir, "rel-data");
    expect(await readdir(created)).toContain("PG_VERSION");
    expect((await stat(created)).mode & 0o777).toBe(0o700);
    expect(await readdir(created)).not.toContain("voxanne.lock");
  });
});

describe("opening hours as typed", () => {
  it("reads ranges of days and several windows a day", () => {
    expect(parseHours(["mon-tue 09:00-12:00,14:00-18:00", "sat 10:00-13:00"])).toEqual({
      monday: [
        { open: "09:00", close: "12:00" },
        { open: "14:00", close: "18:00" },
      ],
      tuesday: [
        { open: "09:00", close: "12:00" },
        { open: "14:00", close: "18:00" },
      ],
      saturday: [{ open: "10:00", close: "13:00" }],
    });
  });

  it.each([["fri-mon 09:00-17:00"], ["mon 9"], ["weekdays 09:00-17:00"]])("refuses %s", (spec) => {
    expect(parseHours([spec])).toHaveProperty("error");
  });
});
