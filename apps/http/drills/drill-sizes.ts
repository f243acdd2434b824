/**
 * @module drills/drill-sizes
 * How big a drill run is, read from the environment: `DRILL_SIZE=small` (the sizes `pnpm test`
 * runs) or `large` (the default of `pnpm drills` and of `pnpm bench`), `DRILLS` to pick some
 * (`crash,outage,calendar,two-instances,fuzz`), and each size on its own (`DRILL_LANES`,
 * `DRILL_CRASHES`, `DRILL_BOOKINGS`, `DRILL_OUTAGE_MS`, `DRILL_HANG_MS`, `DRILL_CALLERS`,
 * `DRILL_FUZZ_BODIES`, `DRILL_LIVE_BODIES`, `DRILL_SEED`).
 */
import type { CalendarSizes } from "./calendar-outage.ts";
import type { CrashSizes } from "./crash.ts";
import type { OutageSizes } from "./database-outage.ts";
import type { FuzzSizes } from "./fuzz.ts";
import type { TwoInstanceSizes } from "./two-instances.ts";

export const DRILL_NAMES = ["crash", "outage", "calendar", "two-instances", "fuzz"] as const;
export type DrillName = (typeof DRILL_NAMES)[number];

export interface DrillSizes {
  readonly large: boolean;
  readonly drills: readonly DrillName[];
  readonly crash: Omit<CrashSizes, "backend">;
  readonly outage: OutageSizes;
  readonly calendar: CalendarSizes;
  readonly twoInstances: TwoInstanceSizes;
  readonly fuzz: FuzzSizes;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not ${raw}`);
  return n;
}

function names(raw: string | undefined): DrillName[] {
  if (raw === undefined || raw.trim() === "") return [...DRILL_NAMES];
  const picked = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  for (const n of picked) {
    if (!(DRILL_NAMES as readonly string[]).includes(n))
      throw new Error(`DRILLS: unknown ${n} (${DRILL_NAMES.join(", ")})`);
  }
  return picked as DrillName[];
}

export function drillSizes(env: Env): DrillSizes {
  const size = env.DRILL_SIZE ?? "large";
  if (size !== "small" && size !== "large") throw new Error(`DRILL_SIZE must be small or large, not ${size}`);
  const large = size === "large";
  const lanes = int(env, "DRILL_LANES", large ? 16 : 4);
  const bookings = int(env, "DRILL_BOOKINGS", large ? 200 : 15);
  return {
    large,
    drills: names(env.DRILLS),
    crash: { lanes, crashes: Math.max(1, int(env, "DRILL_CRASHES", large ? 3 : 1)), bookingsPerCrash: bookings },
    outage: { lanes, outageMs: int(env, "DRILL_OUTAGE_MS", large ? 5000 : 1500), bookingsAround: bookings },
    calendar: {
      lanes: Math.max(1, Math.min(lanes, 8)),
      bookingsPerPhase: Math.max(1, Math.round(bookings / 4)),
      hangMs: int(env, "DRILL_HANG_MS", large ? 5000 : 3000),
    },
    twoInstances: { callers: Math.max(2, int(env, "DRILL_CALLERS", large ? 200 : 16)) },
    fuzz: {
      bodies: int(env, "DRILL_FUZZ_BODIES", large ? 12_000 : 1500),
      liveBodies: int(env, "DRILL_LIVE_BODIES", large ? 500 : 30),
      // A new seed each run explores new bodies; a failure names it (DRILL_SEED replays it).
      seed: int(env, "DRILL_SEED", Math.floor(Math.random() * 2 ** 31)),
    },
  };
}
