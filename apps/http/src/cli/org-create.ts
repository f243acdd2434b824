/**
 * @module cli/org-create
 * `pnpm org:create --name "Harbour Street Clinic" [--id <uuid>] [--zone Europe/London]
 * [--region GB] [--hours "mon-fri 09:00-17:30"] [--slot 30] [--buffer 0] [--notice 60]
 * [--horizon 90] [--calendar primary] [--assistant-id asst_…]… [--phone-number-id pn_…]…`
 * Onboards a clinic in the configured database (same validation as the admin API) and prints it.
 */
import { parseArgs } from "node:util";
import { ClinicCreate } from "../admin/clinic-input.ts";
import { createClinic } from "../admin/clinic-onboarding.ts";
import { openBackend } from "../composition/backend.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../observability/logger.ts";
import { randomIds } from "../system/system-clock.ts";
import { parseHours } from "./hours.ts";

const { values } = parseArgs({
  options: {
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
  },
  strict: true,
});

const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const hours = values.hours === undefined ? undefined : parseHours(values.hours);
if (hours !== undefined && "error" in hours) {
  console.error(hours.error);
  process.exit(2);
}
const input = ClinicCreate.safeParse(
  Object.fromEntries(
    Object.entries({
      id: values.id,
      name: values.name,
      zone: values.zone,
      region: values.region,
      openingHours: hours,
      slotMinutes: number(values.slot),
      bufferMinutes: number(values.buffer),
      minNoticeMinutes: number(values.notice),
      horizonDays: number(values.horizon),
      calendarId: values.calendar,
      vapiAssistantIds: values["assistant-id"],
      vapiPhoneNumberIds: values["phone-number-id"],
    }).filter(([, v]) => v !== undefined),
  ),
);
if (!input.success) {
  for (const issue of input.error.issues) console.error(`--${issue.path.join(".") || "input"}: ${issue.message}`);
  process.exit(2);
}

const config = loadConfig(process.env);
const logger = createLogger(config.logLevel === "info" ? "warn" : config.logLevel);
const backend = await openBackend(config.store, logger);
const created = await createClinic({ clinics: backend.stores.clinics, ids: randomIds }, input.data);
await backend.close();
if (created.isErr()) {
  console.error(created.error.message);
  process.exit(1);
}
console.log(JSON.stringify(created.value, null, 2));
