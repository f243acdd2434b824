/**
 * @module cli/org-create
 * `pnpm org:create --name "Harbour Street Clinic" [--zone …] [--hours "mon-fri 09:00-17:30"] …`
 * (`--help` for every flag): onboards a clinic with the admin API's validation and prints it.
 * Against the embedded database while a server holds it, the clinic is created through that
 * server's admin API (or refused, naming the server's PID): the directory is never opened by two
 * processes. Otherwise in the configured database directly, holding the embedded directory's lock
 * meanwhile.
 */
import type { ClinicCreateInput } from "../admin/clinic-input.ts";
import { createClinic } from "../admin/clinic-onboarding.ts";
import { type Backend, openBackend } from "../composition/backend.ts";
import type { Config } from "../config.ts";
import { createLogger } from "../observability/logger.ts";
import { DataDirBusy, lockHolder } from "../system/data-dir-lock.ts";
import { randomIds } from "../system/system-clock.ts";
import { cliConfig } from "./cli-config.ts";
import { flagOf, parseOrgCreateArgs, USAGE } from "./org-create-args.ts";
import { createThroughServer } from "./running-server.ts";

const CREATED = 0;
const REFUSED = 1;
const USAGE_ERROR = 2;

async function main(argv: readonly string[]): Promise<number> {
  const args = parseOrgCreateArgs(argv);
  if (args.kind === "help") {
    console.log(USAGE);
    return CREATED;
  }
  if (args.kind === "invalid") {
    console.error(args.message);
    return USAGE_ERROR;
  }
  const config = cliConfig();
  if (config === null) return USAGE_ERROR;
  const dataDir = config.store.kind === "pglite" ? config.store.dataDir : null;
  const holder = dataDir === null ? null : lockHolder(dataDir);
  if (dataDir !== null && holder !== null) {
    return report(await createThroughServer(dataDir, holder, config.adminToken, args.input), holder.pid);
  }
  return createHere(config, args.input);
}

async function createHere(config: Config, input: ClinicCreateInput): Promise<number> {
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
  let backend: Backend;
  try {
    backend = await openBackend(config.store, logger, { command: "pnpm org:create" });
  } catch (e) {
    if (!(e instanceof DataDirBusy)) throw e;
    console.error(e.message);
    return REFUSED;
  }
  const created = await createClinic({ clinics: backend.stores.clinics, ids: randomIds }, input);
  await backend.close();
  if (created.isErr()) {
    const e = created.error;
    console.error(e.code === "INVALID_INPUT" ? `${flagOf(e.field)}: ${e.message}` : e.message);
    return REFUSED;
  }
  console.log(JSON.stringify(created.value, null, 2));
  return CREATED;
}

function report(outcome: Awaited<ReturnType<typeof createThroughServer>>, pid: number): number {
  if (outcome.isErr()) {
    console.error(outcome.error);
    return REFUSED;
  }
  console.error(`Created through the running server's admin API (PID ${pid}, ${outcome.value.url}).`);
  console.log(JSON.stringify(outcome.value.clinic, null, 2));
  return CREATED;
}

process.exitCode = await main(process.argv.slice(2));
