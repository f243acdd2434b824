/**
 * @module cli/cli-start
 * How the admin CLIs begin: `--help` printed (exit 0), bad arguments told (exit 2), then the
 * configuration read and validated (a bad value told, exit 2); and how they run on the configured
 * database when no server holds it.
 */
import type { DomainError } from "@voxanne/domain";
import type { ResultAsync } from "neverthrow";
import { type Backend, openBackend } from "../composition/backend.ts";
import type { Config } from "../config.ts";
import { createLogger } from "../observability/logger.ts";
import { DataDirBusy } from "../system/data-dir-lock.ts";
import { cliConfig } from "./cli-config.ts";

type SqlStores = Backend["stores"];

export const EXIT = { done: 0, refused: 1, usage: 2 } as const;

type Parsed = { readonly kind: "help" } | { readonly kind: "invalid"; readonly message: string };

/** The parsed arguments and the configuration, or the exit status when there is nothing more to do. */
export function startCli<A extends { readonly kind: string }>(
  args: A | Parsed,
  usage: string,
): { args: Exclude<A, Parsed>; config: Config } | number {
  if (args.kind === "help") {
    console.log(usage);
    return EXIT.done;
  }
  if (args.kind === "invalid") {
    console.error((args as Extract<Parsed, { kind: "invalid" }>).message);
    return EXIT.usage;
  }
  const config = cliConfig();
  return config === null ? EXIT.usage : { args: args as Exclude<A, Parsed>, config };
}

/**
 * Runs `work` on the configured database opened for this command (held meanwhile; a busy embedded
 * directory is refused, exit 1) and prints its answer as JSON (exit 0) or its refusal, an
 * `INVALID_INPUT` told by its flag (exit 1).
 */
export async function runOnDatabase<T>(
  config: Config,
  command: string,
  work: (stores: SqlStores) => ResultAsync<T, DomainError>,
  flagOf: (field: string) => string,
): Promise<number> {
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
  let backend: Backend;
  try {
    backend = await openBackend(config.store, logger, { command });
  } catch (e) {
    if (!(e instanceof DataDirBusy)) throw e;
    console.error(e.message);
    return EXIT.refused;
  }
  const done = await work(backend.stores);
  await backend.close();
  if (done.isErr()) {
    const e = done.error;
    console.error(e.code === "INVALID_INPUT" ? `${flagOf(e.field)}: ${e.message}` : e.message);
    return EXIT.refused;
  }
  console.log(JSON.stringify(done.value, null, 2));
  return EXIT.done;
}
