/**
 * @module drills/verdict
 * What a drill answers: passed or not, the figures it measured, and each check that failed (with
 * what it saw). A drill never throws for a failed check: it reports it; it throws only when it
 * could not run at all.
 */
export type Figures = Record<string, number | string | boolean>;

export interface Verdict {
  readonly drill: string;
  readonly passed: boolean;
  readonly seconds: number;
  readonly figures: Figures;
  /** The checks that failed, in words (empty when the drill passed). */
  readonly failures: readonly string[];
}

/** `[what must hold, whether it held]`. */
export type Check = readonly [string, boolean];

/** The verdict of `checks` over `figures`, for a drill that started at `started` (performance.now()). */
export function verdict(drill: string, started: number, figures: Figures, checks: readonly Check[]): Verdict {
  const failures = checks.filter(([, held]) => !held).map(([what]) => what);
  return { drill, passed: failures.length === 0, seconds: (performance.now() - started) / 1000, figures, failures };
}

/** One line per verdict, for a log or an assertion message. */
export function describeVerdict(v: Verdict): string {
  const figures = Object.entries(v.figures)
    .map(([k, x]) => `${k}=${x}`)
    .join(" ");
  const failed = v.failures.length === 0 ? "" : `\n  failed: ${v.failures.join("\n  failed: ")}`;
  return `${v.passed ? "PASS" : "FAIL"} ${v.drill} (${v.seconds.toFixed(1)} s) ${figures}${failed}`;
}
