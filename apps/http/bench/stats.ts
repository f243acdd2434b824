/**
 * @module bench/stats
 * Quantiles and medians of timings, and the facts of the machine a bench ran on.
 */
import { cpus, loadavg, totalmem } from "node:os";

/** The `q`-quantile (nearest rank) of `xs`; NaN when empty. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

export const median = (xs: readonly number[]) => quantile(xs, 0.5);

export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export const latencyOf = (ms: readonly number[]): Latency => ({
  p50: quantile(ms, 0.5),
  p95: quantile(ms, 0.95),
  p99: quantile(ms, 0.99),
});

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** The 1-minute load average when the run started: other work on the machine skews every figure. */
  readonly loadAverage: number;
}

export function machine(): Machine {
  const all = cpus();
  return {
    cpu: all[0]?.model.trim() ?? "unknown",
    cores: all.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: loadavg()[0] ?? Number.NaN,
  };
}

/** Runs `task` over `items` with at most `concurrency` at once; resolves when all are done. */
export async function pool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}
