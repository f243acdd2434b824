/**
 * @module drills/run-drills
 * Runs the drills `sizes` picks, one after another (crash on PGlite and on Postgres, database
 * outage, calendar outage, two instances, fuzz), and answers their verdicts; `log` hears each
 * verdict as it comes. A drill that cannot run at all is a failed verdict, not a thrown error.
 */
import { calendarOutageDrill } from "./calendar-outage.ts";
import { crashDrill } from "./crash.ts";
import { databaseOutageDrill } from "./database-outage.ts";
import type { DrillName, DrillSizes } from "./drill-sizes.ts";
import { fuzzDrill } from "./fuzz.ts";
import { twoInstancesDrill } from "./two-instances.ts";
import { describeVerdict, type Verdict, verdict } from "./verdict.ts";

function runsOf(name: DrillName, s: DrillSizes): [string, () => Promise<Verdict>][] {
  switch (name) {
    case "crash":
      return [
        ["crash (pglite)", () => crashDrill({ backend: "pglite", ...s.crash })],
        ["crash (postgres)", () => crashDrill({ backend: "postgres", ...s.crash })],
      ];
    case "outage":
      return [["database outage", () => databaseOutageDrill(s.outage)]];
    case "calendar":
      return [["calendar outage", () => calendarOutageDrill(s.calendar)]];
    case "two-instances":
      return [["two instances", () => twoInstancesDrill(s.twoInstances)]];
    case "fuzz":
      return [["fuzz", () => fuzzDrill(s.fuzz)]];
  }
}

async function settled(label: string, run: () => Promise<Verdict>): Promise<Verdict> {
  const started = performance.now();
  try {
    return await run();
  } catch (e) {
    return verdict(label, started, {}, [[`the drill ran (${e instanceof Error ? e.message : String(e)})`, false]]);
  }
}

export async function runDrills(sizes: DrillSizes, log: (line: string) => void): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  for (const name of sizes.drills) {
    for (const [label, run] of runsOf(name, sizes)) {
      log(`drill: ${label}`);
      const v = await settled(label, run);
      log(describeVerdict(v));
      verdicts.push(v);
    }
  }
  return verdicts;
}
