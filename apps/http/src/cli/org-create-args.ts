/**
 * @module cli/org-create-args
 * `pnpm org:create`'s command line: its usage, its flags read into the admin API's `ClinicCreate`
 * (the same strict schema), and every problem told by the flag at fault (`--slot`, never the
 * schema's `slotMinutes`), without a stack trace.
 */
import { parseArgs } from "node:util";
import { ClinicCreate, type ClinicCreateInput, firstProblem } from "../admin/clinic-input.ts";
import { parseHours } from "./hours.ts";

export const USAGE = `Usage: pnpm org:create --name <name> [options]

Creates a clinic, with the admin API's validation, and prints it as JSON.

  --name <text>              the clinic's name (required)
  --id <uuid>                its id (default: a new one)
  --zone <zone>              an IANA region zone (default Europe/London), e.g. America/New_York
  --region <code>            the country its callers' numbers are read in (default GB)
  --hours "<days> <times>"   opening hours, repeatable: "mon-fri 09:00-17:30", "sat 09:00-12:00",
                             "mon 08:00-12:00,13:00-18:00"; days not named are closed
                             (default: weekdays 09:00-17:30)
  --slot <minutes>           appointment length (default 30)
  --buffer <minutes>         gap kept after each appointment (default 0)
  --notice <minutes>         how long ahead a booking must be made (default 60)
  --horizon <days>           how far ahead callers may book (default 90)
  --calendar <id>            the Google calendar appointments go to (default primary)
  --assistant-id <id>        a Vapi assistant whose calls are this clinic's, repeatable
  --phone-number-id <id>     a Vapi phone number whose calls are this clinic's, repeatable
  -h, --help                 this help

The database is the configured one: SUPABASE_URL, DATABASE_URL, else the embedded DATA_DIR.
While \`pnpm start\` runs on the same embedded DATA_DIR, only the server may open it: the clinic
is then created through the server's admin API, with ADMIN_TOKEN set to the server's token.
Exit status: 0 created; 1 refused (an id of another clinic, a busy database); 2 bad arguments
or configuration.`;

const OPTIONS = {
  id: { type: "string" },
  name: { type: "string" },
  zone: { type: "string" },
  region: { type: "string" },
  hours: { type: "string", multiple: true },
  slot: { type: "string" },
  buffer: { type: "string" },
  notice: { type: "string" },
  horizon: { type: "string" },
  calendar: { type: "string" },
  "assistant-id": { type: "string", multiple: true },
  "phone-number-id": { type: "string", multiple: true },
  help: { type: "boolean", short: "h" },
} as const;

/** The flag of each field of `ClinicCreate`. */
const FLAG_OF: Readonly<Record<string, string>> = {
  id: "--id",
  name: "--name",
  zone: "--zone",
  region: "--region",
  openingHours: "--hours",
  slotMinutes: "--slot",
  bufferMinutes: "--buffer",
  minNoticeMinutes: "--notice",
  horizonDays: "--horizon",
  calendarId: "--calendar",
  vapiAssistantIds: "--assistant-id",
  vapiPhoneNumberIds: "--phone-number-id",
};

const NUMBER_FLAGS = {
  slot: "slotMinutes",
  buffer: "bufferMinutes",
  notice: "minNoticeMinutes",
  horizon: "horizonDays",
};

export type OrgCreateArgs =
  | { readonly kind: "help" }
  | { readonly kind: "create"; readonly input: ClinicCreateInput }
  | { readonly kind: "invalid"; readonly message: string };

const invalid = (message: string): OrgCreateArgs => ({
  kind: "invalid",
  message: `${message}\nRun \`pnpm org:create --help\` for the flags.`,
});

export function parseOrgCreateArgs(argv: readonly string[]): OrgCreateArgs {
  let values: ReturnType<typeof read>;
  try {
    values = read(argv);
  } catch (e) {
    return invalid(e instanceof Error ? e.message : String(e));
  }
  if (values.help === true) return { kind: "help" };
  if (values.name === undefined)
    return invalid('--name is required: the clinic\'s name, e.g. --name "Riverside Physio"');
  const hours = values.hours === undefined ? undefined : parseHours(values.hours);
  if (hours !== undefined && "error" in hours) return invalid(hours.error);
  const numbers: Record<string, number> = {};
  for (const [flag, field] of Object.entries(NUMBER_FLAGS)) {
    const raw = values[flag as keyof typeof NUMBER_FLAGS];
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw.trim())) return invalid(`--${flag}: expected a whole number, got "${raw}"`);
    numbers[field] = Number(raw);
  }
  const parsed = ClinicCreate.safeParse(
    withoutUndefined({
      id: values.id,
      name: values.name,
      zone: values.zone,
      region: values.region,
      openingHours: hours,
      ...numbers,
      calendarId: values.calendar,
      vapiAssistantIds: values["assistant-id"],
      vapiPhoneNumberIds: values["phone-number-id"],
    }),
  );
  if (parsed.success) return { kind: "create", input: parsed.data };
  const { field, problem } = firstProblem(parsed.error);
  return invalid(`${flagOf(field)}: ${problem}`);
}

function read(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
}

/** `--hours (monday, window 1)` for `openingHours.monday.0`; the flag alone for other fields. */
export function flagOf(field: string): string {
  const [head = "", day, window] = field.split(".");
  const flag = FLAG_OF[head] ?? `--${head}`;
  if (head !== "openingHours" || day === undefined) return flag;
  return window === undefined ? `${flag} (${day})` : `${flag} (${day}, window ${Number(window) + 1})`;
}

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
