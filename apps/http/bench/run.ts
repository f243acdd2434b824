/**
 * @module bench/run
 * `pnpm bench`: runs the bench at the sizes the environment asks for (`BENCH_QUICK=1` for about a
 * minute; see sizes.ts), prints the tables and writes the JSON under `bench/results/` at the
 * repository root. Figures only: nothing here passes or fails on a time; the run exits 1 only
 * when a drill (a pass/fail script, not a timing) failed.
 */
import { fileURLToPath } from "node:url";
import { runBench } from "./bench.ts";
import { renderReport, writeResult } from "./report.ts";
import { benchSizes } from "./sizes.ts";

const RESULTS = fileURLToPath(new URL("../../../bench/results/", import.meta.url));

const result = await runBench(benchSizes(process.env), (line) => console.error(`… ${line}`));
console.log(renderReport(result));
console.log(`\nJSON: ${writeResult(result, RESULTS)}`);
if (result.drills?.some((d) => !d.passed)) process.exitCode = 1;
