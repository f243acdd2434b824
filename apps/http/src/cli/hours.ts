/**
 * @module cli/hours
 * Opening hours as an operator types them: `"mon-fri 09:00-17:30"`, `"sat 09:00-12:00"`, several
 * windows a day with commas (`"mon 08:00-12:00,13:00-18:00"`); days not named are closed.
 */
import { DAY_NAMES } from "../admin/clinic-input.ts";

type Day = (typeof DAY_NAMES)[number];
type Hours = Partial<Record<Day, { open: string; close: string }[]>>;

const SHORT = DAY_NAMES.map((d) => d.slice(0, 3));

export function parseHours(specs: readonly string[]): Hours | { error: string } {
  const hours: Hours = {};
  for (const spec of specs) {
    const match = /^\s*([a-z]{3})(?:-([a-z]{3}))?\s+(.+)$/i.exec(spec);
    const from = SHORT.indexOf(match?.[1]?.toLowerCase() ?? "");
    const to = match?.[2] === undefined ? from : SHORT.indexOf(match[2].toLowerCase());
    if (match === null || from < 0 || to < from) {
      return { error: `--hours "${spec}": expected e.g. "mon-fri 09:00-17:30"` };
    }
    const windows = (match[3] ?? "").split(",").map((w) => w.trim().split("-"));
    if (windows.some((w) => w.length !== 2)) return { error: `--hours "${spec}": windows look like 09:00-17:30` };
    for (let d = from; d <= to; d++) {
      const day = DAY_NAMES[d] as Day;
      hours[day] = [
        ...(hours[day] ?? []),
        ...windows.map(([open, close]) => ({ open: open ?? "", close: close ?? "" })),
      ];
    }
  }
  return hours;
}
