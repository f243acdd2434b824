/**
 * @module cli/catalog-add
 * What `pnpm practitioner:add` and `pnpm service:add` share: read the flags, then add through the
 * running server's admin API when one holds the embedded data directory (never opening it twice),
 * else in the configured database directly (holding the directory's lock meanwhile); print the
 * result as JSON, or the refusal naming the flag at fault.
 */
import type { z } from "@hono/zod-openapi";
import type { DomainError } from "@voxanne/domain";
import type { ResultAsync } from "neverthrow";
import type { CatalogAdmin } from "../admin/catalog-admin.ts";
import type { Config } from "../config.ts";
import { lockHolder } from "../system/data-dir-lock.ts";
import { randomIds } from "../system/system-clock.ts";
import { type CatalogArgs, catalogFlagOf } from "./catalog-args.ts";
import { EXIT, runOnDatabase, startCli } from "./cli-start.ts";
import { postThroughServer } from "./running-server.ts";

const ADDED = EXIT.done;
const REFUSED = EXIT.refused;

export interface CatalogCommand<T, S extends z.ZodType> {
  /** `practitioner:add` */
  readonly name: string;
  readonly usage: string;
  parse(argv: readonly string[]): CatalogArgs<T>;
  /** The admin path under the clinic: `practitioners`. */
  readonly path: string;
  /** The admin API's answer. */
  readonly answer: S;
  add(admin: CatalogAdmin, orgId: string, input: T): ResultAsync<z.infer<S>, DomainError>;
}

export async function runCatalogCommand<T, S extends z.ZodType>(
  command: CatalogCommand<T, S>,
  argv: readonly string[],
): Promise<number> {
  const started = startCli(command.parse(argv), command.usage);
  if (typeof started === "number") return started;
  const { args, config } = started;
  const dataDir = config.store.kind === "pglite" ? config.store.dataDir : null;
  const holder = dataDir === null ? null : lockHolder(dataDir);
  if (dataDir === null || holder === null) return addHere(command, config, args.orgId, args.input);
  const server = { dataDir, holder, adminToken: config.adminToken };
  const path = `/api/admin/clinics/${args.orgId}/${command.path}`;
  const added = await postThroughServer(server, path, args.input, command.answer, catalogFlagOf);
  if (added.isErr()) {
    console.error(added.error);
    return REFUSED;
  }
  console.error(`Added through the running server's admin API (PID ${holder.pid}, ${added.value.url}).`);
  console.log(JSON.stringify(added.value.created, null, 2));
  return ADDED;
}

function addHere<T, S extends z.ZodType>(
  command: CatalogCommand<T, S>,
  config: Config,
  orgId: string,
  input: T,
): Promise<number> {
  const add = (stores: Pick<CatalogAdmin, "catalog" | "clinics">) =>
    command.add({ catalog: stores.catalog, clinics: stores.clinics, ids: randomIds }, orgId, input);
  return runOnDatabase(config, `pnpm ${command.name}`, add, catalogFlagOf);
}
