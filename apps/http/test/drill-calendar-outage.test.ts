/**
 * The calendar outage and flakiness drill at a small size (drills/calendar-outage.ts): Google
 * (the emulator) healthy, down, hanging and flaky under bookings; every booking stands, and one
 * worker pass after recovery leaves every appointment with exactly one event. `pnpm drills` runs
 * it large.
 */
import { describe, expect, it } from "vitest";
import { calendarOutageDrill } from "../drills/calendar-outage.ts";
import { drillSizes } from "../drills/drill-sizes.ts";
import { describeVerdict } from "../drills/verdict.ts";

const small = drillSizes({ DRILL_SIZE: "small" });

describe("calendar outage drill", () => {
  it("Google down, hanging and flaky: bookings stand, calendarSynced false; then exactly one event each", {
    timeout: 120_000,
  }, async () => {
    const v = await calendarOutageDrill(small.calendar);
    expect(v.passed, describeVerdict(v)).toBe(true);
  });
});
