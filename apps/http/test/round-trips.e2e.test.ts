/**
 * Database statements per tool call, through the service (bench/round-trips.ts, the same count
 * `pnpm bench` prints). Today's counts are the upper bound: a change may lower them (the planned
 * settings cache takes the tenant and clinic lookups off the warm path), never raise them.
 */
import { describe, expect, it } from "vitest";
import { countRoundTrips, TOOL_CASES, type ToolCase } from "../bench/round-trips.ts";

/** Today's statements per tool call: the tenant lookup and the clinic's settings, then the tool's own. */
const AT_MOST: Record<ToolCase, number> = {
  book: 3,
  replay: 4,
  refusal: 4,
  checkAvailability: 3,
  findAppointments: 3,
  rescheduleAppointment: 5,
  cancelAppointment: 5,
};

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
  it("every tool answers as expected within today's count of statements", async () => {
    const counts = await countRoundTrips();
    console.log(TOOL_CASES.map((t) => `${t}: ${counts[t].statements} (${counts[t].functions.join(", ")})`).join("\n"));
    expect(Object.keys(counts).sort()).toEqual([...TOOL_CASES].sort());
    for (const tool of TOOL_CASES) {
      expect({ tool, success: counts[tool].success }).toEqual({ tool, success: tool !== "refusal" });
      expect(counts[tool].statements).toBeGreaterThanOrEqual(1);
      expect(counts[tool].statements).toBeLessThanOrEqual(AT_MOST[tool]);
      expect(counts[tool].functions).toContain(DOES_THE_WORK[tool]);
    }
  });
});
