/**
 * @module use-cases/describe-clinic-for-call
 * DescribeClinicForCall: what the assistant must know about the clinic before the caller speaks
 * (Vapi's `assistant-request`): the clinic's assistant, and template variables in the clinic's
 * own voice: its name, today's local date and weekday, the local time, its zone in words and this
 * week's opening hours. Vapi's `{{now}}` is UTC, so without these a model in London at 00:30 BST
 * books "tomorrow" as the wrong day.
 */
import { ok, type ResultAsync, safeTry } from "neverthrow";
import {
  activePractitioners,
  activeServices,
  type ClinicStaff,
  DEFAULT_PRACTITIONER_NAME,
  DEFAULT_SERVICE_NAME,
} from "../clinic/clinic.ts";
import type { Weekday } from "../clinic/clinic-settings.ts";
import type { StoreUnavailable, UnknownOrg } from "../errors/domain-error.ts";
import type { ClinicDirectory } from "../ports/clinic-directory.port.ts";
import type { Clock } from "../ports/clock.port.ts";
import { speakClock, speakFullDate } from "../speech/dates.ts";
import { durationWords } from "../speech/lists.ts";
import { voiceOf } from "../speech/locale.ts";
import { speakWeekHours } from "../speech/opening-hours.ts";
import { zoneInWords } from "../speech/zones.ts";
import { formatLocalDate, inZone, toLocalDate } from "../values/clinic-time.ts";
import type { OrgId } from "../values/org-id.ts";
import { speakList } from "../values/spoken-list.ts";

/** The prompt's template variables (`{{clinicToday}}` …), all strings as Vapi wants them. */
export interface ClinicCallVariables {
  readonly clinicName: string;
  /** "Sunday 22 November 2026" (en-US "Sunday, November 22, 2026"). */
  readonly clinicToday: string;
  /** `2026-11-22`: the date to pass to the tools for "today". */
  readonly clinicDate: string;
  /** "6:05am" (en-US "6:05 AM"). */
  readonly clinicTime: string;
  /** "UK time", "Eastern time". */
  readonly clinicZone: string;
  /** "Sunday: closed; Monday to Friday: 9am to 5:30pm; Saturday: closed", from today on. */
  readonly openingHours: string;
  /** "consultation (30 minutes), check-up (20 minutes) and first assessment (1 hour)"; empty for a clinic without named services. */
  readonly services: string;
  /** "Dr Patel and Sam"; empty for a clinic without named practitioners. */
  readonly practitioners: string;
}

export interface ClinicForCall {
  /** The clinic's assistant (the first mapped, by id); `null` when it has none. */
  readonly assistantId: string | null;
  readonly variables: ClinicCallVariables;
}

export interface DescribeClinicDeps {
  readonly clinics: ClinicDirectory;
  readonly clock: Clock;
}

export function describeClinicForCall(
  deps: DescribeClinicDeps,
  orgId: OrgId,
): ResultAsync<ClinicForCall, UnknownOrg | StoreUnavailable> {
  return safeTry(async function* () {
    const { settings, vapi } = yield* deps.clinics.getClinicRecord(orgId);
    const { staff } = yield* deps.clinics.getClinic(orgId);
    const now = yield* deps.clock.now();
    const voice = voiceOf(settings, now);
    const local = inZone(now, settings.zone);
    const variables: ClinicCallVariables = {
      clinicName: settings.name,
      clinicToday: speakFullDate(local, voice),
      clinicDate: formatLocalDate(toLocalDate(local)),
      clinicTime: speakClock(local, voice),
      clinicZone: zoneInWords(settings.zone),
      openingHours: speakWeekHours(settings.openingHours, local.weekday as Weekday, voice),
      ...staffWords(staff),
    };
    return ok({ assistantId: vapi.assistantIds[0] ?? null, variables });
  });
}

/** The clinic's active services with their lengths, and its practitioners, as the assistant may say them. */
function staffWords(staff: ClinicStaff): Pick<ClinicCallVariables, "services" | "practitioners"> {
  const services = activeServices(staff).filter((s) => s.name !== DEFAULT_SERVICE_NAME);
  const people = activePractitioners(staff).filter((p) => p.name !== DEFAULT_PRACTITIONER_NAME);
  return {
    services: speakList(services.map((s) => `${s.name} (${durationWords(s.durationMinutes)})`)),
    practitioners: speakList(people.map((p) => p.name)),
  };
}
