import { describe, expect, it } from "vitest";
import { CallBudget } from "../src/call-budget.ts";

/** A budget on a manual clock whose sleeps advance the clock and are recorded. */
function manualBudget(budgetMs: number, random = () => 0.5) {
  let now = 1_000_000;
  const waits: number[] = [];
  const budget = new CallBudget(budgetMs, {
    now: () => now,
    random,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  });
  return { budget, waits };
}

describe("CallBudget: full-jitter exponential backoff inside the caller's budget", () => {
  it("doubles the jitter cap per retry up to the maximum", async () => {
    const { budget, waits } = manualBudget(60_000, () => 0.999);
    for (let i = 0; i < 7; i++) expect(await budget.backoff()).toBe(true);
    expect(waits).toEqual([99, 199, 399, 799, 1598, 1998, 1998]);
  });

  it("waits at least what Google asked for in Retry-After", async () => {
    const { budget, waits } = manualBudget(10_000);
    expect(await budget.backoff(3_000)).toBe(true);
    expect(waits).toEqual([3_000]);
  });

  it("gives up without waiting when the wait would outlast the budget", async () => {
    const { budget, waits } = manualBudget(1_000);
    expect(await budget.backoff(5_000)).toBe(false);
    expect(waits).toEqual([]);
    expect(budget.remainingMs()).toBe(1_000);
  });

  it("counts the waits against the budget", async () => {
    const { budget, waits } = manualBudget(100);
    expect(await budget.backoff(60)).toBe(true);
    expect(budget.remainingMs()).toBe(40);
    expect(await budget.backoff(60)).toBe(false);
    expect(waits).toEqual([60]);
  });

  it("refuses an attempt once the budget is spent, without running it", async () => {
    const { budget } = manualBudget(0);
    let ran = false;
    const result = await budget.bounded(async () => {
      ran = true;
      throw new Error("an attempt ran with no budget left");
    });
    expect(ran).toBe(false);
    expect(result._unsafeUnwrapErr()).toMatchObject({ name: "TimeoutError" });
  });
});
