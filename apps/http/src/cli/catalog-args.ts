/**
 * @module cli/catalog-args
 * The command lines of `pnpm practitioner:add` and `pnpm service:add`: their usage, their flags
 * read into the admin API's strict `PractitionerCreate` / `ServiceCreate`, and every problem told
 * by the flag at fault (`--duration`, never the schema's `durationMinutes`).
 */
import { parseArgs } from "node:util";
import type { z } from "@hono/zod-openapi";
import { isUuid } from "@voxanne/domain";
import {
  PractitionerCreate,
  type PractitionerCreateInput,
  ServiceCreate,
  type ServiceCreateInput,
} from "../admin/catalog-input.ts";
import { firstProblem } from "../admin/clinic-input.ts";
import { parseHours } from "./hours.ts";

const WHERE = `The database is the configured one: SUPABASE_URL, DATABASE_URL, else the embedded DATA_DIR.
While \`pnpm start\` runs on the same embedded DATA_DIR, the change goes through the server's
admin API, with ADMIN_TOKEN set to the server's token.
Exit status: 0 added; 1 refused (no such clinic, an unknown practitioner, a busy database);
2 bad arguments or configuration.`;

export const PRACTITIONER_USAGE = `Usage: pnpm practitioner:add --org <clinic id> --name <name> [options]

Adds a practitioner to a clinic, with the admin API's validation, and prints it as JSON (its id
is what \`pnpm service:add --practitioner\` takes).

  --org <uuid>               the clinic (required)
  --name <text>              their name as a caller says it, e.g. "Dr Patel" (required)
  --calendar <id>            their Google calendar on the clinic's linked account
                             (default: the clinic's calendar)
  --hours "<days> <times>"   their working hours, repeatable, as for org:create:
                             "mon-fri 09:00-17:30"; days not named are off
                             (default: the clinic's opening hours)
  -h, --help                 this help

${WHERE}`;

export const SERVICE_USAGE = `Usage: pnpm service:add --org <clinic id> --name <name> --duration <minutes> --practitioner <id> [options]

Adds a service (what callers book) to a clinic, with the admin API's validation, and prints it
as JSON.

  --org <uuid>               the clinic (required)
  --name <text>              the service as a caller says it, e.g. check-up (required)
  --duration <minutes>       its length, 5 to 480 (required)
  --practitioner <id>        a practitioner who offers it, repeatable (at least one; ids from
                             \`pnpm practitioner:add\` or GET /api/admin/clinics/{id}/practitioners)
  --synonym <text>           another way callers say it, repeatable
  --buffer <minutes>         kept free after each appointment (default: the clinic's buffer)
  --buffer-before <minutes>  kept free before each appointment (default 0)
  --notice <minutes>         how long ahead it must be booked (default: the clinic's notice)
  -h, --help                 this help

${WHERE}`;

const PRACTITIONER_OPTIONS = {
  org: { type: "string" },
  name: { type: "string" },
  calendar: { type: "string" },
  hours: { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

const SERVICE_OPTIONS = {
  org: { type: "string" },
  name: { type: "string" },
  duration: { type: "string" },
  practitioner: { type: "string", multiple: true },
  synonym: { type: "string", multiple: true },
  buffer: { type: "string" },
  "buffer-before": { type: "string" },
  notice: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The flag of each field of the two schemas. */
const FLAG_OF: Readonly<Record<string, string>> = {
  orgId: "--org",
  name: "--name",
  calendarId: "--calendar",
  openingHours: "--hours",
  durationMinutes: "--duration",
  practitionerIds: "--practitioner",
  synonyms: "--synonym",
  bufferMinutes: "--buffer",
  bufferBeforeMinutes: "--buffer-before",
  minNoticeMinutes: "--notice",
};

export function catalogFlagOf(field: string): string {
  const [head = "", ...rest] = field.split(".");
  const flag = FLAG_OF[head] ?? `--${head}`;
  return rest.length === 0 ? flag : `${flag} (${rest.join(" ")})`;
}

export type CatalogArgs<T> =
  | { readonly kind: "help" }
  | { readonly kind: "add"; readonly orgId: string; readonly input: T }
  | { readonly kind: "invalid"; readonly message: string };

const invalid = (command: string, message: string) => ({
  kind: "invalid" as const,
  message: `${message}\nRun \`pnpm ${command} --help\` for the flags.`,
});

export function parsePractitionerArgs(argv: readonly string[]): CatalogArgs<PractitionerCreateInput> {
  const command = "practitioner:add";
  const read = readFlags(command, () => flags(argv, PRACTITIONER_OPTIONS));
  if (read.kind !== "read") return read;
  const { values, orgId } = read;
  const hours = values.hours === undefined ? undefined : parseHours(values.hours);
  if (hours !== undefined && "error" in hours) return invalid(command, hours.error);
  const input = { name: values.name, calendarId: values.calendar, openingHours: hours };
  return validated(command, orgId, PractitionerCreate, input);
}

export function parseServiceArgs(argv: readonly string[]): CatalogArgs<ServiceCreateInput> {
  const command = "service:add";
  const read = readFlags(command, () => flags(argv, SERVICE_OPTIONS));
  if (read.kind !== "read") return read;
  const { values, orgId } = read;
  const numbers: Record<string, number> = {};
  const numberFlags = [
    ["duration", "durationMinutes"],
    ["buffer", "bufferMinutes"],
    ["buffer-before", "bufferBeforeMinutes"],
    ["notice", "minNoticeMinutes"],
  ] as const;
  for (const [flag, field] of numberFlags) {
    const raw = values[flag];
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw.trim())) return invalid(command, `--${flag}: expected a whole number, got "${raw}"`);
    numbers[field] = Number(raw);
  }
  if (numbers.durationMinutes === undefined) {
    return invalid(command, "--duration is required: the service's length in minutes, e.g. --duration 30");
  }
  if (values.practitioner === undefined) {
    return invalid(command, "--practitioner is required: the id of a practitioner who offers it (repeatable)");
  }
  const input = { name: values.name, ...numbers, practitionerIds: values.practitioner, synonyms: values.synonym };
  return validated(command, orgId, ServiceCreate, input);
}

interface CommonFlags {
  readonly help?: boolean | undefined;
  readonly org?: string | undefined;
  readonly name?: string | undefined;
}

/** The flags (`parse` throws on an unknown or malformed one), with the clinic and name checked. */
function readFlags<V extends CommonFlags>(command: string, parse: () => V) {
  let values: V;
  try {
    values = parse();
  } catch (e) {
    return invalid(command, e instanceof Error ? e.message : String(e));
  }
  if (values.help === true) return { kind: "help" as const };
  const org = values.org;
  if (org === undefined) return invalid(command, "--org is required: the clinic's id (a UUID)");
  if (!isUuid(org)) return invalid(command, `--org: not a clinic id (a UUID): "${org}"`);
  if (values.name === undefined) return invalid(command, '--name is required, e.g. --name "Dr Patel"');
  return { kind: "read" as const, values, orgId: org.toLowerCase() };
}

const flags = <O extends NonNullable<Parameters<typeof parseArgs>[0]>["options"]>(
  argv: readonly string[],
  options: O,
) => parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;

function validated<S extends z.ZodType>(
  command: string,
  orgId: string,
  schema: S,
  input: Record<string, unknown>,
): CatalogArgs<z.infer<S>> {
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const parsed = schema.safeParse(defined);
  if (parsed.success) return { kind: "add", orgId, input: parsed.data };
  const { field, problem } = firstProblem(parsed.error);
  return invalid(command, `${catalogFlagOf(field)}: ${problem}`);
}
