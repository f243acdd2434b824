/**
 * @module availability/busy-timeline
 * One practitioner's busy intervals, ready for "does anything overlap this slot?" asked once per
 * candidate slot: sorted by start, with the latest end among each prefix, so a question costs a
 * binary search, not a pass over every interval (a fortnight of a full book is hundreds of them).
 * Overlap is `overlaps`' (half-open: touching is not overlapping); busy intervals may overlap one
 * another (an external calendar's events do).
 */
import type { Interval } from "../clinic/opening-hours.ts";

export interface BusyTimeline {
  /** True when some busy interval overlaps `x` (`a.start < x.end && x.start < a.end`). */
  overlaps(x: Interval): boolean;
}

export function busyTimeline(busy: readonly Interval[]): BusyTimeline {
  const sorted = busy.map((b) => [b.start.getTime(), b.end.getTime()] as const).sort((a, b) => a[0] - b[0]);
  const starts = sorted.map(([start]) => start);
  const latestEnd: number[] = [];
  for (const [, end] of sorted) latestEnd.push(Math.max(end, latestEnd.at(-1) ?? Number.NEGATIVE_INFINITY));
  return {
    overlaps(x) {
      const from = x.start.getTime();
      const until = x.end.getTime();
      // How many intervals start before `until`: only those can overlap.
      let lo = 0;
      let hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((starts[mid] ?? 0) < until) lo = mid + 1;
        else hi = mid;
      }
      return lo > 0 && (latestEnd[lo - 1] ?? 0) > from;
    },
  };
}
