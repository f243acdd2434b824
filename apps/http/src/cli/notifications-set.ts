/**
 * @module cli/notifications-set
 * `pnpm notifications:set --org <id> [--sms on|off|auto] [--lead-minutes N] [--template kind=text] …`
 * (`--help` for every flag): changes a clinic's notification settings with the admin API's
 * validation (templates' placeholders, sender, lead time) and prints them; with no change flag it
 * prints them. In the configured database; while a server holds the embedded data directory it
 * refuses and names the admin route to use instead (`PUT /api/admin/clinics/{id}/notifications`).
 * Exit 0 done, 1 refused, 2 bad arguments or configuration.
 */
import { parseOrgId, saveNotificationSettings } from "@voxanne/domain";
import { applyChange } from "../admin/notification-settings-input.ts";
import { type Backend, openBackend } from "../composition/backend.ts";
import type { Config } from "../config.ts";
import { createLogger } from "../observability/logger.ts";
import { DataDirBusy, lockHolder } from "../system/data-dir-lock.ts";
import { cliConfig } from "./cli-config.ts";
import { type NotificationArgs, parseNotificationArgs, USAGE } from "./notification-args.ts";

const DONE = 0;
const REFUSED = 1;
const USAGE_ERROR = 2;

async function main(argv: readonly string[]): Promise<number> {
  const args = parseNotificationArgs(argv);
  if (args.kind === "help") {
    console.log(USAGE);
    return DONE;
  }
  if (args.kind === "invalid") {
    console.error(args.message);
    return USAGE_ERROR;
  }
  const config = cliConfig();
  if (config === null) return USAGE_ERROR;
  const dataDir = config.store.kind === "pglite" ? config.store.dataDir : null;
  const holder = dataDir === null ? null : lockHolder(dataDir);
  if (holder !== null) {
    console.error(
      `The server (PID ${holder.pid}) holds the embedded database: use its admin API instead, ` +
        `PUT /api/admin/clinics/${args.orgId}/notifications with ADMIN_TOKEN.`,
    );
    return REFUSED;
  }
  return setHere(config, args);
}

async function setHere(config: Config, args: Extract<NotificationArgs, { kind: "set" }>): Promise<number> {
  const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
  let backend: Backend;
  try {
    backend = await openBackend(config.store, logger, { command: "pnpm notifications:set" });
  } catch (e) {
    if (!(e instanceof DataDirBusy)) throw e;
    console.error(e.message);
    return REFUSED;
  }
  const store = backend.stores.notificationSettings;
  const saved = await parseOrgId(args.orgId)
    .asyncAndThen((id) => store.getSettings(id))
    .andThen((current) =>
      Object.keys(args.change).length === 0
        ? store.getSettings(current.orgId)
        : saveNotificationSettings(store, applyChange(current, args.change)),
    );
  await backend.close();
  if (saved.isErr()) {
    const e = saved.error;
    console.error(e.code === "INVALID_INPUT" ? `${e.field}: ${e.message}` : e.message);
    return REFUSED;
  }
  console.log(JSON.stringify(saved.value, null, 2));
  return DONE;
}

process.exitCode = await main(process.argv.slice(2));
