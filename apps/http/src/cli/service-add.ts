/**
 * @module cli/service-add
 * `pnpm service:add --org <clinic id> --name check-up --duration 20 --practitioner <id> …`
 * (`--help` for every flag): adds a service with the admin API's validation and prints it.
 */
import { createService } from "../admin/catalog-admin.ts";
import { ServiceView } from "../admin/catalog-input.ts";
import { runCatalogCommand } from "./catalog-add.ts";
import { parseServiceArgs, SERVICE_USAGE } from "./catalog-args.ts";

process.exitCode = await runCatalogCommand(
  {
    name: "service:add",
    usage: SERVICE_USAGE,
    parse: parseServiceArgs,
    path: "services",
    answer: ServiceView,
    add: createService,
  },
  process.argv.slice(2),
);
