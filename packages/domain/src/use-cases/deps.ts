/** @module use-cases/deps  The ports a use case is given by the composition root. */
import type { BookingStore } from "../ports/booking-store.port.ts";
import type { CalendarGateway } from "../ports/calendar-gateway.port.ts";
import type { ClinicDirectory } from "../ports/clinic-directory.port.ts";
import type { Clock } from "../ports/clock.port.ts";
import type { IdGenerator } from "../ports/id-generator.port.ts";
import type { KnownBusy } from "./known-busy.ts";

export interface BookingDeps {
  readonly store: BookingStore;
  readonly clinics: ClinicDirectory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Absent when no calendar is configured: appointments stay `pending` for a later sync. */
  readonly calendar?: CalendarGateway;
  /** How long a tool call may wait for the calendar inline (default 1500 ms). */
  readonly calendarBudgetMs?: number;
  /** Busy intervals this call already read (a refused booking's answer): not read again where they cover the question. */
  readonly knownBusy?: KnownBusy;
}

export const DEFAULT_CALENDAR_BUDGET_MS = 1500;
