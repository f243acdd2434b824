/**
 * @module bench/bookings
 * An endless sequence of distinct bookings over a set of clinics: round robin over the clinics,
 * each clinic's next free 5-minute slot from tomorrow on (280 a day), a caller number of its own.
 * The same sequence feeds the HTTP load (as Vapi tool calls) and the direct SQL calls (the limit).
 */
import { type BenchClinic, SLOT_MINUTES } from "./clinics.ts";

const SLOTS_PER_DAY = 280;
const DAY_MS = 86_400_000;

export interface Booking {
  readonly n: number;
  readonly clinic: BenchClinic;
  /** `YYYY-MM-DD` and `HH:mm` in the clinic's zone (which is UTC all year). */
  readonly date: string;
  readonly time: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly phone: string;
  readonly name: string;
}

/** Midnight UTC of the day after `now`. */
export const tomorrow = (now = Date.now()) => new Date(Math.floor(now / DAY_MS) * DAY_MS + DAY_MS);

export function bookingSequence(clinics: readonly BenchClinic[], prefix: string): () => Booking {
  const first = tomorrow().getTime();
  let n = 0;
  return () => {
    const k = n++;
    const clinic = clinics[k % clinics.length] as BenchClinic;
    const slot = Math.floor(k / clinics.length);
    const startsAt = new Date(
      first + Math.floor(slot / SLOTS_PER_DAY) * DAY_MS + (slot % SLOTS_PER_DAY) * SLOT_MINUTES * 60_000,
    );
    const iso = startsAt.toISOString();
    return {
      n: k,
      clinic,
      date: iso.slice(0, 10),
      time: iso.slice(11, 16),
      startsAt,
      endsAt: new Date(startsAt.getTime() + SLOT_MINUTES * 60_000),
      phone: `+4477009${String(k % 100_000).padStart(5, "0")}`,
      name: `${prefix} patient ${k}`,
    };
  };
}
