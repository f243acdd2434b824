/**
 * Property suite for practitioners and services: concurrent "anyone" and named bookings of random
 * services over random practitioner sets and hours, in interleavings fast-check's scheduler picks.
 * After every run: no practitioner double-booked (buffers included), every acknowledged booking
 * stored with a practitioner who offers its service and works then, and no "anyone" refused while
 * a qualified practitioner stayed free. `FC_SEED=<seed>` replays a failing run.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { runStaffScenario, staffScenarioArb } from "../support/staff-scenario.ts";

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 200);
const seed = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) };

describe("concurrent bookings with practitioners and services (in-memory twins)", () => {
  test.prop([staffScenarioArb, fc.scheduler()], { numRuns: NUM_RUNS, ...seed })(
    "no practitioner double-booked; every booking qualified and working; no anyone refused while someone stayed free",
    async (scenario, s) => {
      expect(await runStaffScenario(scenario, s)).toEqual([]);
    },
  );
});
