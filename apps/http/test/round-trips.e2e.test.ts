/**
 * Database statements per tool call on the warm path (the first call for a clinic in a process
 * also reads the tenant and the clinic, then the settings cache serves them), through the service
 * (bench/round-trips.ts, the same count `pnpm bench` prints). A booking, its replay and its
 * refusal (with its nearest free alternatives) are exactly one call; the other counts are upper
 * bounds: a change may lower them, never raise them.
 */
import { describe, expect, it } from "vitest";
import { countRoundTrips, TOOL_CASES, type ToolCase } from "../bench/round-trips.ts";

/** Statements per tool call on the warm path: the tool's own only (before the settings cache: 3, 4, 4, 3, 3, 5, 5). */
const AT_MOST: Record<ToolCase, number> = {
  book: 1,
  replay: 1,
  refusal: 1,
  checkAvailability: 1,
  findAppointments: 1,
  rescheduleAppointment: 3,
  cancelAppointment: 3,
};

/** The hot path: exactly one database call each. */
const EXACTLY_ONE: readonly ToolCase[] = ["book", "replay", "refusal"];

/** The SQL function that does each tool's work: it must be among the statements, whatever else goes. */
const DOES_THE_WORK: Record<ToolCase, string> = {
  book: "book_appointment",
  replay: "book_appointment",
  refusal: "book_appointment",
  checkAvailability: "busy_intervals",
  findAppointments: "find_upcoming",
  rescheduleAppointment: "reschedule_for_caller",
  cancelAppointment: "cancel_for_caller",
};

describe("round trips per tool call", () => {
  it("every tool answers as expected within its count of statements; a booking, a replay and a refusal make exactly one", async () => {
    const counts = await countRoundTrips();
    console.log(TOOL_CASES.map((t) => `${t}: ${counts[t].statements} (${counts[t].functions.join(", ")})`).join("\n"));
    expect(Object.keys(counts).sort()).toEqual([...TOOL_CASES].sort());
    for (const tool of TOOL_CASES) {
      expect({ tool, success: counts[tool].success }).toEqual({ tool, success: tool !== "refusal" });
      expect(counts[tool].statements).toBeGreaterThanOrEqual(1);
      expect(counts[tool].statements).toBeLessThanOrEqual(AT_MOST[tool]);
      expect(counts[tool].functions).toContain(DOES_THE_WORK[tool]);
    }
    for (const tool of EXACTLY_ONE)
      expect({ tool, functions: counts[tool].functions }).toEqual({ tool, functions: ["book_appointment"] });
  });
});
