/** @module testing/sequential-ids  Predictable UUIDs: `00000000-0000-4000-8000-000000000001`, … */
import { okAsync, type ResultAsync } from "neverthrow";
import type { IdGenerator } from "../ports/id-generator.port.ts";

export class SequentialIds implements IdGenerator {
  private n = 0;
  private readonly prefix: string;

  /** `prefix`: up to 8 hex digits that tell one generator's ids from another's. */
  constructor(prefix = "00000000") {
    this.prefix = prefix.padStart(8, "0");
  }

  next(): ResultAsync<string, never> {
    return okAsync(this.nextSync());
  }

  nextSync(): string {
    this.n += 1;
    return `${this.prefix}-0000-4000-8000-${this.n.toString(16).padStart(12, "0")}`;
  }
}
