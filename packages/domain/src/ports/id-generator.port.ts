/** @module ports/id-generator.port  New UUIDs for appointments; tests inject a sequence. */
import type { ResultAsync } from "neverthrow";

export interface IdGenerator {
  /** A new lower-case UUID. */
  next(): ResultAsync<string, never>;
}
