/** @module testing/manual-clock  A clock that stands still until the test moves it. */
import { okAsync, type ResultAsync } from "neverthrow";
import type { Clock } from "../ports/clock.port.ts";

export class ManualClock implements Clock {
  private current: Date;

  constructor(start: Date | string) {
    this.current = new Date(start);
  }

  now(): ResultAsync<Date, never> {
    return okAsync(this.nowSync());
  }

  /** Now, synchronously: a `MemoryDatabase`'s clock (`new MemoryDatabase({ now: () => clock.nowSync() })`). */
  nowSync(): Date {
    return new Date(this.current);
  }

  set(at: Date | string): void {
    this.current = new Date(at);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
