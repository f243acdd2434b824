/**
 * @module bench/bench
 * One `pnpm bench` run, as data: per back end the throughput beside the limit, availability as
 * the book grows, the contact storm; then cold start, round trips per tool call and (optionally)
 * the inline-Google latencies; then the drills, large (crash, outages, two instances, fuzz), as
 * verdicts with their figures. Each part runs only if `sizes.sections` has it (`BENCH_ONLY`).
 * `log` hears progress; nothing here prints a table or asserts a time.
 */
import { runDrills } from "../drills/run-drills.ts";
import type { Verdict } from "../drills/verdict.ts";
import { type AvailabilityRow, measureAvailability } from "./availability.ts";
import { type ColdStartRow, measureColdStart } from "./cold-start.ts";
import { measureContactStorm, type StormRow } from "./contact-storm.ts";
import { countRoundTrips, type RoundTrips, type ToolCase } from "./round-trips.ts";
import type { BenchSection, BenchSizes } from "./sizes.ts";
import { type Machine, machine } from "./stats.ts";
import { startTarget } from "./targets.ts";
import { measureThroughput, type ThroughputRow } from "./throughput.ts";
import { type InlineGoogle, measureInlineGoogle } from "./tool-latency.ts";

export interface BenchResult {
  readonly startedAt: string;
  readonly seconds: number;
  readonly machine: Machine;
  readonly sizes: BenchSizes;
  readonly throughput: readonly ThroughputRow[];
  readonly availability: readonly AvailabilityRow[];
  readonly contactStorm: readonly StormRow[];
  readonly coldStart: ColdStartRow | null;
  /** Null when `BENCH_ONLY` left it out. */
  readonly roundTrips: Record<ToolCase, RoundTrips> | null;
  readonly inlineGoogle: InlineGoogle | null;
  readonly drills: readonly Verdict[] | null;
}

export async function runBench(sizes: BenchSizes, log: (line: string) => void): Promise<BenchResult> {
  const startedAt = new Date();
  const facts = machine();
  const runs = (section: BenchSection) => sizes.sections.includes(section);
  const throughput: ThroughputRow[] = [];
  const availability: AvailabilityRow[] = [];
  const contactStorm: StormRow[] = [];
  const perBackend = runs("throughput") || runs("availability") || runs("storm");
  for (const name of perBackend ? sizes.backends : []) {
    log(`${name}: starting the service and its twin database`);
    const target = await startTarget(name);
    try {
      if (runs("throughput")) throughput.push(...(await measureThroughput(target, sizes, log)));
      if (runs("availability")) {
        log(`${name}: availability`);
        availability.push(...(await measureAvailability(target, sizes)));
      }
      if (runs("storm")) {
        log(`${name}: contact storm`);
        contactStorm.push(await measureContactStorm(target, sizes));
      }
    } finally {
      await target.close();
    }
  }
  if (runs("coldstart")) log("cold start");
  const coldStart = runs("coldstart") ? await measureColdStart(sizes.coldStarts) : null;
  if (runs("roundtrips")) log("round trips per tool call");
  const roundTrips = runs("roundtrips") ? await countRoundTrips() : null;
  const inlineGoogle = sizes.google && runs("google") ? await measureInlineGoogle(sizes.googleBookings) : null;
  const drills = sizes.drills !== null && runs("drills") ? await runDrills(sizes.drills, log) : null;
  return {
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: facts,
    sizes,
    throughput,
    availability,
    contactStorm,
    coldStart,
    roundTrips,
    inlineGoogle,
    drills,
  };
}
