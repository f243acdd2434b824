/**
 * @module refusals
 * The refusals SQL functions answer with (`{"error": CODE, …}`) as domain errors. Each call names
 * the codes it expects; any other code (one this package does not know, or one that function
 * should never give) is a defect: a non-retryable `STORE_UNAVAILABLE` naming the function and
 * the code.
 */
import {
  type AppointmentCancelled,
  type AppointmentNotFound,
  type CalendarNotLinked,
  type CallerNotVerified,
  DomainErrors,
  type InvalidInput,
  type NotInCatalog,
  type SettingsStale,
  type SlotTaken,
  type StoreUnavailable,
  type UnknownOrg,
} from "@voxanne/domain";
import { err, ok, type Result } from "neverthrow";
import { z } from "zod";
import { busyAnswer, describeIssues } from "./answer-shapes.ts";
import { defect } from "./rpc.ts";

export interface Refusals {
  readonly SLOT_UNAVAILABLE: SlotTaken;
  readonly SETTINGS_STALE: SettingsStale;
  readonly UNKNOWN_ORG: UnknownOrg;
  readonly APPOINTMENT_NOT_FOUND: AppointmentNotFound;
  readonly APPOINTMENT_CANCELLED: AppointmentCancelled;
  readonly CALLER_NOT_VERIFIED: CallerNotVerified;
  readonly CALENDAR_NOT_LINKED: CalendarNotLinked;
  readonly INVALID_INPUT: InvalidInput;
  readonly NOT_IN_CATALOG: NotInCatalog;
}

export type RefusalCode = keyof Refusals;

const bare = <E>(error: () => E) => z.object({}).transform(() => error());

/** Each refusal's whole answer, as its domain error. */
const shapes: { readonly [C in RefusalCode]: z.ZodType<Refusals[C]> } = {
  /** `{"error": "SLOT_UNAVAILABLE", "busy"?: busy_intervals(...)}` (`busy`: book_appointment given a window). */
  SLOT_UNAVAILABLE: z
    .object({ busy: busyAnswer.optional() })
    .transform(({ busy }) =>
      busy === undefined ? DomainErrors.slotUnavailable() : { ...DomainErrors.slotUnavailable(), busy },
    ),
  /** The version judged with is filled in by the store that sent it (`SqlBookingStore.book`). */
  SETTINGS_STALE: bare(() => DomainErrors.settingsStale()),
  UNKNOWN_ORG: bare(() => DomainErrors.unknownOrg()),
  APPOINTMENT_NOT_FOUND: bare(() => DomainErrors.appointmentNotFound()),
  APPOINTMENT_CANCELLED: bare(() => DomainErrors.appointmentCancelled()),
  CALLER_NOT_VERIFIED: bare(() => DomainErrors.callerNotVerified("change")),
  CALENDAR_NOT_LINKED: bare(() => DomainErrors.calendarNotLinked()),
  /** `{"error": "INVALID_INPUT", "field": "vapiAssistantIds", "message": "Already linked to …", "ids"?}` */
  INVALID_INPUT: z
    .object({ field: z.string(), message: z.string() })
    .transform((a) => DomainErrors.invalidInput(a.field, a.message)),
  /** `{"error": "NOT_IN_CATALOG", "entity": "practitioner" | "service", "id"}` */
  NOT_IN_CATALOG: z
    .object({ entity: z.enum(["practitioner", "service"]), id: z.string() })
    .transform((a) => DomainErrors.notInCatalog(a.entity, a.id)),
};

const refusal = z.object({ error: z.string() });

/**
 * `ok(null)` when `answer` is not a refusal; `ok(error)` for a refusal among `expected`;
 * `err(defect)` for any other code, or a refusal whose details do not read.
 */
export function refusalIn<C extends RefusalCode>(
  fn: string,
  answer: unknown,
  expected: readonly C[],
): Result<Refusals[C] | null, StoreUnavailable> {
  const refused = refusal.safeParse(answer);
  if (!refused.success) return ok(null);
  const code = refused.data.error;
  const isExpected = (c: string): c is C => expected.some((e) => e === c);
  if (!isExpected(code)) return err(defect(fn, `unexpected refusal ${code}`));
  const error = shapes[code].safeParse(answer);
  return error.success ? ok(error.data) : err(defect(fn, `unreadable ${code}: ${describeIssues(error.error)}`));
}
