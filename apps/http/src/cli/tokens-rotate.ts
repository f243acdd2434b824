/**
 * @module cli/tokens-rotate
 * `pnpm tokens:rotate`: after `TOKEN_ENCRYPTION_KEY` became `new,old` on every instance,
 * re-encrypts every calendar link still on a previous key with the new one (links a refresh
 * rewrites meanwhile are left as the refresh wrote them: already on the new key). Prints what it
 * did; exit code 0 when every link is on the new key, 1 when some could not be read (their key is
 * missing from the list) or nothing could be done. Safe to run again, and while the service runs
 * (on Postgres / Supabase; the embedded database allows one process, so stop the server first).
 */
import { parseArgs } from "node:util";
import type { KeyRotationReport } from "@voxanne/domain";
import { compose } from "../composition.ts";
import { type Config, ConfigError, loadConfig } from "../config.ts";
import { createLogger } from "../observability/logger.ts";

const USAGE = `Usage: pnpm tokens:rotate

Key rotation, with the same environment as pnpm start:
  1. set TOKEN_ENCRYPTION_KEY=<new key>,<old key> on every instance and restart them
     (new tokens are written with the new key; both keys read)
  2. pnpm tokens:rotate        re-encrypts the stored tokens still on the old key
  3. pnpm verify               "calendar tokens on the current key" passes
  4. set TOKEN_ENCRYPTION_KEY=<new key> everywhere and restart`;

class Refusal extends Error {}

async function rotate(config: Config): Promise<KeyRotationReport> {
  if (config.google === null) {
    throw new Refusal(
      "Google Calendar is not configured here (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET): run this with the service's own environment.",
    );
  }
  const store = config.store.kind === "pglite" ? { ...config.store, demoClinic: false } : config.store;
  const quiet = { ...config, store, worker: { ...config.worker, enabled: false } };
  const composed = await compose(quiet, { logger: createLogger("error"), command: "pnpm tokens:rotate" });
  try {
    const integrations = composed.google?.integrations;
    if (integrations?.rotateKeys === undefined) throw new Refusal("This store keeps no encrypted tokens to rotate.");
    const rotated = await integrations.rotateKeys();
    if (rotated.isErr())
      throw new Refusal(`The database did not answer: ${rotated.error.cause ?? rotated.error.message}`);
    return rotated.value;
  } finally {
    await composed.close();
  }
}

function print(report: KeyRotationReport, keys: number): void {
  console.log(`TOKEN_ENCRYPTION_KEY holds ${keys} key(s); the first is the current one.`);
  console.log(`re-encrypted with the current key: ${report.resealed.length} link(s) ${list(report.resealed)}`);
  console.log(`already on the current key: ${report.alreadyCurrent.length} link(s)`);
  if (report.unreadable.length > 0) {
    console.log(`UNREADABLE with every configured key: ${report.unreadable.length} link(s) ${list(report.unreadable)}`);
    console.log(
      "  fix: put the key they were written with back into TOKEN_ENCRYPTION_KEY (after the current one) and run this again, or reconnect those clinics",
    );
  } else {
    console.log("Every link is on the current key: after `pnpm verify`, the previous key can be removed.");
  }
}

const list = (orgs: readonly string[]) => (orgs.length === 0 ? "" : `(${orgs.join(", ")})`);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { help: { type: "boolean", short: "h", default: false } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const config = loadConfig(process.env);
    const report = await rotate(config);
    print(report, (config.tokenEncryptionKey ?? "").split(",").length);
    return report.unreadable.length === 0 ? 0 : 1;
  } catch (e) {
    if (!(e instanceof Refusal || e instanceof ConfigError || (e instanceof Error && "code" in e))) throw e;
    console.error(e.message);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error("pnpm tokens:rotate could not run:", e);
    process.exit(2);
  },
);
