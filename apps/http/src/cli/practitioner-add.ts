/**
 * @module cli/practitioner-add
 * `pnpm practitioner:add --org <clinic id> --name "Dr Patel" [--calendar …] [--hours "mon-fri 09:00-17:30"]`
 * (`--help` for every flag): adds a practitioner with the admin API's validation and prints it.
 */
import { createPractitioner } from "../admin/catalog-admin.ts";
import { PractitionerView } from "../admin/catalog-input.ts";
import { runCatalogCommand } from "./catalog-add.ts";
import { PRACTITIONER_USAGE, parsePractitionerArgs } from "./catalog-args.ts";

process.exitCode = await runCatalogCommand(
  {
    name: "practitioner:add",
    usage: PRACTITIONER_USAGE,
    parse: parsePractitionerArgs,
    path: "practitioners",
    answer: PractitionerView,
    add: createPractitioner,
  },
  process.argv.slice(2),
);
