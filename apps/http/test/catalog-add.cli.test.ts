/**
 * `pnpm practitioner:add` and `pnpm service:add`: an operator adds a practitioner and a service
 * from the shell (the admin API's validation; problems told by flag), against the embedded
 * database; a caller can then book the new service with the new practitioner.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/run-cli.ts";

const DEMO_ORG = "46cf2995-2bee-44e3-838b-24151486fe4e";
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "voxanne-catalog-cli-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const practitionerAdd = (args: string[]) => runCli("src/cli/practitioner-add.ts", args, { DATA_DIR: dataDir });
const serviceAdd = (args: string[]) => runCli("src/cli/service-add.ts", args, { DATA_DIR: dataDir });

describe("pnpm practitioner:add and pnpm service:add", () => {
  it("add a practitioner with their hours, then a service they offer; both printed as JSON with their ids", async () => {
    const added = await practitionerAdd([
      "--org",
      DEMO_ORG,
      "--name",
      "Dr Okafor",
      "--hours",
      "mon-wed 10:00-16:00",
      "--calendar",
      "okafor@group.calendar.google.com",
    ]);
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    const practitioner = JSON.parse(added.stdout) as { id: string };
    expect(practitioner).toMatchObject({
      name: "Dr Okafor",
      active: true,
      calendarId: "okafor@group.calendar.google.com",
      openingHours: { monday: [{ open: "10:00", close: "16:00" }], thursday: [] },
    });

    const service = await serviceAdd([
      "--org",
      DEMO_ORG,
      "--name",
      "acupuncture",
      "--duration",
      "45",
      "--buffer",
      "15",
      "--synonym",
      "needles",
      "--practitioner",
      practitioner.id,
    ]);
    expect(service.code).toBe(0);
    expect(JSON.parse(service.stdout)).toMatchObject({
      id: expect.any(String),
      name: "acupuncture",
      durationMinutes: 45,
      bufferMinutes: 15,
      synonyms: ["needles"],
      practitionerIds: [practitioner.id],
    });
  });

  it("refuses bad input naming the flag: 2 for arguments, 1 for what the database refuses", async () => {
    const noDuration = await serviceAdd(["--org", DEMO_ORG, "--name", "scan", "--practitioner", "x"]);
    expect([noDuration.code, noDuration.stderr]).toEqual([2, expect.stringMatching(/^--duration is required/)]);
    const zero = await serviceAdd(["--org", DEMO_ORG, "--name", "scan", "--duration", "0", "--practitioner", "x"]);
    expect([zero.code, zero.stderr]).toEqual([2, expect.stringMatching(/^--duration: /)]);
    const unknown = await serviceAdd([
      "--org",
      DEMO_ORG,
      "--name",
      "scan",
      "--duration",
      "30",
      "--practitioner",
      "5b0e4f8e-57d4-4f8e-9d4c-3f1f0c7d2a11",
    ]);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/^--practitioner: /)]);
    const overlap = await practitionerAdd([
      "--org",
      DEMO_ORG,
      "--name",
      "Jo",
      "--hours",
      "mon 09:00-12:00,11:00-13:00",
    ]);
    expect([overlap.code, overlap.stderr]).toEqual([2, expect.stringMatching(/^--hours \(monday\): /)]);
    const noOrg = await practitionerAdd(["--name", "Jo"]);
    expect([noOrg.code, noOrg.stderr]).toEqual([2, expect.stringMatching(/^--org is required/)]);
    const help = await serviceAdd(["--help"]);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining("Usage: pnpm service:add")]);
  });
});
