/**
 * @module cli/verify
 * `pnpm verify [--json]`: is this deployment ready? Reads the configuration the service would
 * run with, opens its database (read only in effect: no demo clinic, no worker) and prints one
 * PASS / WARN / FAIL line per check of the domain's verbose readiness report, each failing or
 * warning line with its fix: configuration, Vapi secret, database, migrations, every schema
 * invariant, token keys, and each clinic's zone, calendar link and outbox. Exit code 0 when no
 * check fails, 1 otherwise. While a server holds the embedded data directory, it asks that
 * server (`/api/ready?verbose=1` with `ADMIN_TOKEN`) instead of opening the directory itself.
 */
import { parseArgs } from "node:util";
import { checkReadiness, type ReadinessCheck } from "@voxanne/domain";
import { z } from "zod";
import { compose } from "../composition.ts";
import { type Config, ConfigError, deploymentFacts, loadConfig } from "../config.ts";
import { createLogger } from "../observability/logger.ts";
import { type LockHolder, lockHolder } from "../system/data-dir-lock.ts";

const USAGE = `Usage: pnpm verify [--json]

Checks the deployment the environment describes (the same variables as pnpm start) and prints
one line per check, with the fix for each that fails or warns. Exit code 0 when ready.
  --json   the report as JSON`;

interface Outcome {
  /** What was checked: the database, or the running server that was asked. */
  readonly source: string;
  readonly ready: boolean;
  readonly checks: readonly ReadinessCheck[];
}

const fail = (name: string, detail: string, fix: string): ReadinessCheck => ({ name, status: "fail", detail, fix });

/** Opens the database as the service would (without seeding it or starting the worker) and checks it. */
async function verifyHere(config: Config): Promise<Outcome> {
  const store = config.store.kind === "pglite" ? { ...config.store, demoClinic: false } : config.store;
  const quiet = { ...config, store, worker: { ...config.worker, enabled: false } };
  const composed = await compose(quiet, { logger: createLogger("error"), command: "pnpm verify" });
  try {
    const deps = { ...composed.services.readiness, deployment: deploymentFacts(config) };
    const report = await checkReadiness(deps, { verbose: true, now: new Date() });
    return { source: composed.backend.description, ready: report.ready, checks: report.checks };
  } finally {
    await composed.close();
  }
}

const ServerReport = z.object({
  checks: z.array(
    z.object({
      name: z.string(),
      status: z.enum(["pass", "warn", "fail"]),
      detail: z.string(),
      fix: z.string().nullable(),
    }),
  ),
});

/** The running server's verbose report: the embedded directory is its, so it is the one to ask. */
async function askServer(holder: LockHolder, dataDir: string, adminToken: string | null): Promise<Outcome> {
  const source = `the server holding ${dataDir} (PID ${holder.pid}, ${holder.command})`;
  const refused = (detail: string, fix: string) => ({
    source,
    ready: false,
    checks: [fail("running server", detail, fix)],
  });
  if (holder.url === null) {
    return refused("it does not answer HTTP yet", "run `pnpm verify` again once it listens, or after stopping it");
  }
  if (adminToken === null) {
    return refused(
      `it holds the embedded database and only its admin API may read it (${holder.url})`,
      "run `ADMIN_TOKEN=<the server's token> pnpm verify`, or stop the server and run `pnpm verify` again",
    );
  }
  const answer = await fetch(`${holder.url}/api/ready?verbose=1`, {
    headers: { authorization: `Bearer ${adminToken}` },
    signal: AbortSignal.timeout(10_000),
  }).catch((e: unknown) => e);
  if (!(answer instanceof Response)) {
    return refused(`no answer from ${holder.url}: ${String(answer)}`, "check that the server is up");
  }
  if (answer.status === 401) return refused("it refused the admin token", "set ADMIN_TOKEN to the server's own token");
  const body = ServerReport.safeParse(await answer.json().catch(() => null));
  if (!body.success) return refused(`an unexpected answer (HTTP ${answer.status})`, "check the server's logs");
  const { checks } = body.data;
  return { source: `${source} at ${holder.url}`, ready: checks.every((c) => c.status !== "fail"), checks };
}

const LABEL = { pass: "PASS", warn: "WARN", fail: "FAIL" } as const;

function printText(outcome: Outcome): void {
  console.log(`voxanne verify: ${outcome.source}\n`);
  for (const check of outcome.checks) {
    console.log(`  ${LABEL[check.status]}  ${check.name}: ${check.detail}`);
    if (check.fix !== null) console.log(`        fix: ${check.fix}`);
  }
  const count = (s: ReadinessCheck["status"]) => outcome.checks.filter((c) => c.status === s).length;
  const tally = `${count("fail")} failing, ${count("warn")} warning, ${count("pass")} passing checks`;
  console.log(`\n${outcome.ready ? "READY" : "NOT READY"} (${tally})`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { json: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const outcome = await verify();
  if (values.json) console.log(JSON.stringify(outcome, null, 2));
  else printText(outcome);
  return outcome.ready ? 0 : 1;
}

async function verify(): Promise<Outcome> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const fix = "set the variable it names (see the configuration table in the README), then run `pnpm verify` again";
    return { source: "the environment", ready: false, checks: [fail("configuration", e.message, fix)] };
  }
  const { store } = config;
  const dataDir = store.kind === "pglite" ? store.dataDir : null;
  const holder = dataDir === null ? null : lockHolder(dataDir);
  if (holder !== null && dataDir !== null) return askServer(holder, dataDir, config.adminToken);
  try {
    return await verifyHere(config);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const name = e instanceof ConfigError ? "configuration" : "database reachable";
    const fix = "fix what it names, then run `pnpm verify` again";
    return { source: "the configured database", ready: false, checks: [fail(name, message, fix)] };
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error("pnpm verify could not run:", e);
    process.exit(2);
  },
);
