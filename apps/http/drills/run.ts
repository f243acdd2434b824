/**
 * @module drills/run
 * `pnpm drills`: the drills at the size the environment asks for (large by default; see
 * drill-sizes.ts), each verdict printed with its figures; exits 1 when any failed.
 */
import { drillSizes } from "./drill-sizes.ts";
import { runDrills } from "./run-drills.ts";

const verdicts = await runDrills(drillSizes(process.env), (line) => console.log(line));
const failed = verdicts.filter((v) => !v.passed);
console.log(`\n${verdicts.length - failed.length} of ${verdicts.length} drills passed`);
process.exit(failed.length === 0 ? 0 : 1);
