/**
 * Key rotation end to end, as an operator does it: tokens linked under the old key; with
 * `TOKEN_ENCRYPTION_KEY=new,old` they still read and `pnpm verify` warns they are on a previous
 * key; `pnpm tokens:rotate` re-encrypts them; then `pnpm verify` passes that line and the new key
 * alone reads them. A link whose key is gone is reported unreadable and left alone (exit 1).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OrgId } from "@voxanne/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compose } from "../src/composition.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/observability/logger.ts";
import { runCli } from "./support/run-cli.ts";

const DEMO = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
const OLD = randomBytes(32).toString("base64");
const NEW = randomBytes(32).toString("base64");
const TOKENS = { accessToken: "ya29.old-access", refreshToken: "1//old-refresh", expiresAt: null, scope: "calendar" };

let dataDir: string;
const env = (key: string) => ({
  DATA_DIR: dataDir,
  GOOGLE_CLIENT_ID: "client.apps.googleusercontent.com",
  GOOGLE_CLIENT_SECRET: "client-secret",
  TOKEN_ENCRYPTION_KEY: key,
  WORKER_ENABLED: "false",
});

/** The embedded database with these keys, for `use`, closed after. */
async function withStore<T>(key: string, use: (composed: Awaited<ReturnType<typeof compose>>) => Promise<T>) {
  const composed = await compose(loadConfig(env(key)), { logger: createLogger("silent"), command: "test" });
  try {
    return await use(composed);
  } finally {
    await composed.close();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "voxanne-rotate-"));
  await withStore(OLD, async ({ google }) => {
    const link = { orgId: DEMO, provider: "google", calendarId: "primary", tokens: TOKENS } as const;
    (await (google?.integrations.save(link) ?? Promise.reject(new Error("no Google"))))._unsafeUnwrap();
  });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const TOKENS_LINE = "calendar tokens on the current key";

describe("pnpm tokens:rotate", () => {
  it("new,old: verify warns, rotate re-encrypts, then verify passes and the new key alone reads the tokens", async () => {
    const before = await runCli("src/cli/verify.ts", [], env(`${NEW},${OLD}`));
    expect(before.stdout).toContain(`WARN  ${TOKENS_LINE}: 1 link(s) still on a previous key: ${DEMO}`);
    expect(before.stdout).toContain("fix: run `pnpm tokens:rotate`");

    const rotated = await runCli("src/cli/tokens-rotate.ts", [], env(`${NEW},${OLD}`));
    expect(rotated.code, rotated.stdout + rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain("TOKEN_ENCRYPTION_KEY holds 2 key(s)");
    expect(rotated.stdout).toContain(`re-encrypted with the current key: 1 link(s) (${DEMO})`);

    const after = await runCli("src/cli/verify.ts", [], env(NEW));
    expect(after.stdout).toContain(`PASS  ${TOKENS_LINE}: 1 link(s), all on the current key`);
    const read = await withStore(NEW, async ({ google }) => google?.integrations.get(DEMO));
    expect(read?._unsafeUnwrap().tokens).toEqual(TOKENS);

    const again = await runCli("src/cli/tokens-rotate.ts", [], env(NEW));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("re-encrypted with the current key: 0 link(s)");
    expect(again.stdout).toContain("already on the current key: 1 link(s)");
  });

  it("a key dropped too early: verify fails naming the clinic, rotate reports it unreadable, exit 1, nothing changed", async () => {
    const stranger = randomBytes(32).toString("hex");
    const verify = await runCli("src/cli/verify.ts", [], env(stranger));
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain(`FAIL  ${TOKENS_LINE}: no configured key opens the tokens of ${DEMO}`);
    const rotate = await runCli("src/cli/tokens-rotate.ts", [], env(stranger));
    expect(rotate.code).toBe(1);
    expect(rotate.stdout).toContain(`UNREADABLE with every configured key: 1 link(s) (${DEMO})`);
    const read = await withStore(NEW, async ({ google }) => google?.integrations.get(DEMO));
    expect(read?._unsafeUnwrap().tokens).toEqual(TOKENS);
  });

  it("--help prints the procedure; a malformed key list is refused naming the entry, not its value", async () => {
    const help = await runCli("src/cli/tokens-rotate.ts", ["--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("TOKEN_ENCRYPTION_KEY=<new key>,<old key>");
    const bad = await runCli("src/cli/tokens-rotate.ts", [], env(`${NEW},oops`));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("key 2 of 2 is malformed");
    expect(bad.stderr).not.toContain(NEW);
  });
});
