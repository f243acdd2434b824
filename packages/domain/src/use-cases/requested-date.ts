/**
 * @module use-cases/requested-date
 * The day a caller (or the model) asked for, read in the clinic's zone: a `YYYY-MM-DD`, or
 * "today", "tomorrow", "next Tuesday", a weekday name, resolved against the clinic's local today
 * (never the server's, never UTC).
 */
import { err, ok, type Result } from "neverthrow";
import type { ClinicSettings } from "../clinic/clinic-settings.ts";
import { DomainErrors, type InvalidInput } from "../errors/domain-error.ts";
import { readSaidDay } from "../speech/caller-day.ts";
import { type LocalDate, localDateAt } from "../values/clinic-time.ts";

export function readRequestedDate(
  settings: Pick<ClinicSettings, "zone">,
  now: Date,
  raw: string,
  field: string,
): Result<LocalDate, InvalidInput> {
  const date = readSaidDay(raw, localDateAt(now, settings.zone));
  return date === null
    ? err(
        DomainErrors.invalidInput(
          field,
          "I didn't catch the date. Which day would you like, for example the 3rd of December?",
        ),
      )
    : ok(date);
}
