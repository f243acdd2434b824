/** `pnpm notifications:set`: an operator changes a clinic's notification settings from the shell, with the admin API's validation. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseNotificationArgs } from "../src/cli/notification-args.ts";
import { DEMO_ORG } from "./support/harness.ts";
import { runCli } from "./support/run-cli.ts";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "voxanne-notify-cli-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const cli = (args: string[]) => runCli("src/cli/notifications-set.ts", args, { DATA_DIR: dataDir });

describe("pnpm notifications:set", () => {
  it("changes only the flags given and prints the settings; refuses an unknown placeholder (exit 1) and a bad flag (exit 2)", async () => {
    const set = await cli([
      "--org",
      DEMO_ORG,
      "--sms",
      "off",
      "--lead-minutes",
      "120",
      "--template",
      "booked={clinic}: {when}.",
    ]);
    expect([set.code, set.stderr]).toEqual([0, ""]);
    expect(JSON.parse(set.stdout)).toMatchObject({
      sms: false,
      email: null,
      reminderLeadMinutes: 120,
      templates: { booked: "{clinic}: {when}." },
    });
    const shown = await cli(["--org", DEMO_ORG]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ sms: false, reminderLeadMinutes: 120 });
    const bad = await cli(["--org", DEMO_ORG, "--template", "reminder={clinic} {whenever}"]);
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining("templates.reminder")]);
    const usage = await cli(["--org", DEMO_ORG, "--sms", "maybe"]);
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining("on|off|auto")]);
  });

  it("reads the flags into the admin API's change", () => {
    expect(
      parseNotificationArgs(["--org", "x", "--sms", "auto", "--sender", "none", "--two-way", "on", "--ics", "off"]),
    ).toEqual({
      kind: "set",
      orgId: "x",
      change: { sms: null, sender: null, twoWaySms: true, icsAttachment: false },
    });
    expect(parseNotificationArgs(["--sms", "on"])).toMatchObject({ kind: "invalid" });
    expect(parseNotificationArgs(["--org", "x", "--template", "nope=hi"])).toMatchObject({ kind: "invalid" });
    expect(parseNotificationArgs(["--help"])).toEqual({ kind: "help" });
  });
});
