/**
 * @module bench/sizes
 * How big a `pnpm bench` run is, read once from the environment (the bench's only reader of it):
 * `BENCH_QUICK=1` for a run of about a minute, otherwise the full run (under ~15 minutes on a
 * 2-core machine); each size can be set on its own, and `BENCH_ONLY` runs only some parts.
 */
import { type DrillSizes, drillSizes } from "../drills/drill-sizes.ts";

export type BackendName = "pglite" | "postgres";

/** The parts of a run, each of which `BENCH_ONLY` (a comma-separated list) can pick alone. */
export const BENCH_SECTIONS = [
  "throughput",
  "availability",
  "storm",
  "coldstart",
  "roundtrips",
  "google",
  "drills",
] as const;
export type BenchSection = (typeof BENCH_SECTIONS)[number];

export interface BenchSizes {
  readonly quick: boolean;
  /** Repeated runs of each load measurement; the table shows their medians. */
  readonly runs: number;
  readonly concurrency: readonly number[];
  /** Booking requests per run at each concurrency. */
  readonly requests: number;
  /** Clinics in the multi-clinic case (the other case is one clinic). */
  readonly clinics: number;
  readonly backends: readonly BackendName[];
  /** The parts to run (`BENCH_ONLY`; default: all). */
  readonly sections: readonly BenchSection[];
  /** Live appointments seeded in the clinic before each availability measurement. */
  readonly availabilityCounts: readonly number[];
  /**
   * The most of them in the coming year (`BENCH_COMING_YEAR`): a larger book holds the rest as past
   * appointments, as a clinic's book grows. The largest count above it is also measured with all of
   * it in the coming year (every slot of the fortnight taken).
   */
  readonly availabilityComingYear: number;
  /** 14-day availability requests timed at each count. */
  readonly availabilitySamples: number;
  /** Callers giving the same new phone number at once. */
  readonly stormCallers: number;
  /** Cold starts of the embedded default (fresh and warm data directory each). */
  readonly coldStarts: number;
  /** Whether to time tool calls with Google Calendar synced inline (the local emulator). */
  readonly google: boolean;
  /** Bookings per kind in the inline-Google comparison. */
  readonly googleBookings: number;
  /** The drills to run after the measurements (`BENCH_DRILLS`; sized by `DRILL_*`), or null. */
  readonly drills: DrillSizes | null;
}

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");

function int(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not ${raw}`);
  return n;
}

function ints(env: Record<string, string | undefined>, name: string, fallback: readonly number[]): number[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return [...fallback];
  return list(raw).map((s) => int({ [name]: s }, name, 0));
}

function backends(raw: string | undefined): BackendName[] {
  if (raw === undefined || raw.trim() === "") return ["pglite", "postgres"];
  const names = list(raw);
  for (const n of names) if (n !== "pglite" && n !== "postgres") throw new Error(`BENCH_BACKENDS: unknown ${n}`);
  return names as BackendName[];
}

function sections(raw: string | undefined): BenchSection[] {
  if (raw === undefined || raw.trim() === "") return [...BENCH_SECTIONS];
  const known: readonly string[] = BENCH_SECTIONS;
  const names = list(raw);
  for (const n of names) {
    if (!known.includes(n)) throw new Error(`BENCH_ONLY: unknown ${n} (known: ${BENCH_SECTIONS.join(", ")})`);
  }
  return BENCH_SECTIONS.filter((s) => names.includes(s));
}

/** The sizes `env` asks for: `BENCH_QUICK`, `BENCH_RUNS`, `BENCH_CONCURRENCY`, `BENCH_REQUESTS`, … */
export function benchSizes(env: Record<string, string | undefined>): BenchSizes {
  const quick = ["1", "true", "yes"].includes(env.BENCH_QUICK ?? "");
  return {
    quick,
    runs: Math.max(1, int(env, "BENCH_RUNS", quick ? 1 : 3)),
    concurrency: ints(env, "BENCH_CONCURRENCY", [1, 8, 32, 128]),
    requests: int(env, "BENCH_REQUESTS", quick ? 150 : 1500),
    clinics: Math.max(1, int(env, "BENCH_CLINICS", 32)),
    backends: backends(env.BENCH_BACKENDS),
    sections: sections(env.BENCH_ONLY),
    availabilityCounts: ints(env, "BENCH_APPOINTMENTS", quick ? [0, 500, 5000] : [0, 500, 5000, 50000]),
    availabilityComingYear: int(env, "BENCH_COMING_YEAR", 5000),
    availabilitySamples: Math.max(1, int(env, "BENCH_AVAILABILITY_SAMPLES", quick ? 30 : 200)),
    stormCallers: Math.max(1, int(env, "BENCH_STORM_CALLERS", 200)),
    coldStarts: int(env, "BENCH_COLD_STARTS", quick ? 1 : 3),
    google: !["0", "false", "no"].includes(env.BENCH_GOOGLE ?? (quick ? "false" : "true")),
    googleBookings: int(env, "BENCH_GOOGLE_BOOKINGS", 100),
    drills: ["1", "true", "yes"].includes(env.BENCH_DRILLS ?? (quick ? "false" : "true")) ? drillSizes(env) : null,
  };
}
