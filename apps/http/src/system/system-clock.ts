/** @module system/system-clock  The wall clock and random UUIDs: the production `Clock` and `IdGenerator`. */
import { randomUUID } from "node:crypto";
import type { Clock, IdGenerator } from "@voxanne/domain";
import { okAsync } from "neverthrow";

export const systemClock: Clock = { now: () => okAsync(new Date()) };

export const randomIds: IdGenerator = { next: () => okAsync(randomUUID()) };
