/**
 * @module speech/lists
 * Joining spoken pieces: "a", "a and b", "a, b and c"; and plurals.
 */

export function andList(items: readonly string[], separator = ", "): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(separator)} and ${items.at(-1)}`;
}

export function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** "30 minutes", "2 hours", "1 day": the largest whole unit. */
export function durationWords(minutes: number): string {
  if (minutes > 0 && minutes % 1440 === 0) return plural(minutes / 1440, "day");
  if (minutes > 0 && minutes % 60 === 0) return plural(minutes / 60, "hour");
  return plural(minutes, "minute");
}
