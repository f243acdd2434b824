/**
 * @module use-cases/known-busy
 * Busy intervals a call has already read, answered again without a round trip: a refused booking
 * brings back the busy time of the practitioners its alternatives are searched among, around the
 * slot (`alternativesWindow`), so the refusal is one database call. A question they do not cover
 * (another practitioner, a wider window) reads the store as usual.
 */
import { type Interval, overlaps } from "../clinic/opening-hours.ts";
import type { BusyWindow, PractitionerBusy } from "../ports/booking-store.port.ts";

const DAY = 86_400_000;

export interface KnownBusy extends BusyWindow {
  readonly busy: PractitionerBusy;
}

/** Where the nearest free slots around `near` are looked for (three days either side, a day wider so the edge days are whole in any zone). */
export function alternativesWindow(near: Date): Interval {
  return { start: new Date(near.getTime() - 4 * DAY), end: new Date(near.getTime() + 4 * DAY) };
}

/** The busy intervals of `practitionerIds` overlapping `window`, when `known` covers them all; else `null`. */
export function busyFromKnown(
  known: KnownBusy | undefined,
  practitionerIds: readonly string[],
  window: Interval,
): PractitionerBusy | null {
  if (known === undefined) return null;
  const inside = known.window.start <= window.start && window.end <= known.window.end;
  if (!inside || !practitionerIds.every((id) => known.practitionerIds.includes(id))) return null;
  return Object.fromEntries(
    practitionerIds.map((id) => [id, (known.busy[id] ?? []).filter((x) => overlaps(x, window))]),
  );
}
