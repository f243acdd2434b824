import { describe, expect, it } from "vitest";
import { bookAppointment, checkAvailability } from "../../src/index.ts";
import { amira, bookingWorld, DEMO } from "../support/booking-world.ts";

const shortThursday = {
  1: [{ open: "09:00", close: "17:30" }],
  2: [{ open: "09:00", close: "17:30" }],
  3: [{ open: "09:00", close: "17:30" }],
  4: [{ open: "09:00", close: "10:00" }],
  5: [{ open: "09:00", close: "17:30" }],
  6: [],
  7: [],
};

describe("answers with nothing free lead somewhere", () => {
  it("a full day offers the nearest days with free times, each said once", async () => {
    const { deps } = bookingWorld({ calendar: false, clinic: { openingHours: shortThursday } });
    for (const time of ["09:00", "09:30"]) {
      (await bookAppointment(deps, { orgId: DEMO, date: "2026-12-03", time, patient: amira }))._unsafeUnwrap();
    }
    const a = (await checkAvailability(deps, { orgId: DEMO, date: "2026-12-03" }))._unsafeUnwrap();
    expect(a.slots).toEqual([]);
    expect(a.message).toBe(
      "There's nothing free on Thursday 3 December. The nearest free times are on Wednesday 2 December: 9, 9:30 and 10am; on Friday 4 December: 9, 9:30 and 10am.",
    );
  });

  it("a closed day says when the clinic is next open and its first free times", async () => {
    const { deps } = bookingWorld({ calendar: false });
    const a = (await checkAvailability(deps, { orgId: DEMO, date: "Sunday" }))._unsafeUnwrap();
    expect(a.message).toBe(
      "We're closed on Sunday 22 November; we're next open on Monday 23 November at 9am. The nearest free times are on Monday 23 November: 9, 9:30 and 10am; on Tuesday 24 November: 9, 9:30 and 10am.",
    );
  });

  it("a range is offered spread over its days, not twelve times on the first", async () => {
    const { deps } = bookingWorld({ calendar: false });
    const a = (
      await checkAvailability(deps, { orgId: DEMO, date: "2026-12-03", endDate: "2026-12-07" })
    )._unsafeUnwrap();
    expect(new Set(a.offered.map((s) => s.startsAt.slice(0, 10)))).toEqual(
      new Set(["2026-12-03", "2026-12-04", "2026-12-07"]),
    );
    expect(a.message).toBe(
      "On Thursday 3 December: 9 and 9:30am; on Friday 4 December: 9 and 9:30am; on Monday 7 December: 9 and 9:30am. There are more times if none of those suit.",
    );
  });

  it("days past the booking horizon are refused with the last bookable date, with its year", async () => {
    const { deps } = bookingWorld({ calendar: false });
    const e = (await checkAvailability(deps, { orgId: DEMO, date: "2027-03-01" }))._unsafeUnwrapErr();
    expect(e).toMatchObject({ code: "BEYOND_BOOKING_HORIZON", lastDate: "Friday 19 February 2027" });
  });

  it("relative days and times as callers say them are read in the clinic's zone", async () => {
    // 23:30 UTC on Saturday 4 July is already Sunday 5 July in London (BST): "tomorrow" is Monday 6 July.
    const { deps } = bookingWorld({ calendar: false, now: "2026-07-04T23:30:00Z" });
    const r = (
      await bookAppointment(deps, { orgId: DEMO, date: "tomorrow", time: "2.30pm", patient: amira })
    )._unsafeUnwrap();
    expect(r.message).toBe("You're booked for Monday 6 July at 2:30pm.");
  });
});
