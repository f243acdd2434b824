/** @module ports/clock.port  The current instant; tests inject a fixed or stepping clock. */
import type { ResultAsync } from "neverthrow";

export interface Clock {
  /** Now, as an instant. */
  now(): ResultAsync<Date, never>;
}
