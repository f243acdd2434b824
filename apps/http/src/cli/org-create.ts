/**
 * @module cli/org-create
 * `pnpm org:create --name "Harbour Street Clinic" [--zone …] [--hours "mon-fri 09:00-17:30"] …`
 * (`--help` for every flag): onboards a clinic with the admin API's validation and prints it.
 * Against the embedded database while a server holds it, the clinic is created through that
 * server's admin API (or refused, naming the server's PID): the directory is never opened by two
 * processes. Otherwise in the configured database directly, holding the embedded directory's lock
 * meanwhile.
 */
import type { ClinicDirectory } from "@voxanne/domain";
import type { ClinicCreateInput } from "../admin/clinic-input.ts";
import { createClinic } from "../admin/clinic-onboarding.ts";
import type { Config } from "../config.ts";
import { lockHolder } from "../system/data-dir-lock.ts";
import { randomIds } from "../system/system-clock.ts";
import { EXIT, runOnDatabase, startCli } from "./cli-start.ts";
import { flagOf, parseOrgCreateArgs, USAGE } from "./org-create-args.ts";
import { createThroughServer } from "./running-server.ts";

const CREATED = EXIT.done;
const REFUSED = EXIT.refused;

async function main(argv: readonly string[]): Promise<number> {
  const started = startCli(parseOrgCreateArgs(argv), USAGE);
  if (typeof started === "number") return started;
  const { args, config } = started;
  const dataDir = config.store.kind === "pglite" ? config.store.dataDir : null;
  const holder = dataDir === null ? null : lockHolder(dataDir);
  if (dataDir !== null && holder !== null) {
    return report(await createThroughServer(dataDir, holder, config.adminToken, args.input), holder.pid);
  }
  return createHere(config, args.input);
}

function createHere(config: Config, input: ClinicCreateInput): Promise<number> {
  const create = (stores: { clinics: ClinicDirectory }) =>
    createClinic({ clinics: stores.clinics, ids: randomIds }, input);
  return runOnDatabase(config, "pnpm org:create", create, flagOf);
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
