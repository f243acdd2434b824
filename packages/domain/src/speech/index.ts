/**
 * @module speech
 * Everything the caller hears is phrased here: dates, times, ranges, zones, free-time lists,
 * opening hours, refusal templates, and the reading of times and days as callers say them.
 */
export * from "./caller-day.ts";
export * from "./caller-time.ts";
export * from "./clinic.ts";
export * from "./dates.ts";
export * from "./lists.ts";
export * from "./locale.ts";
export * from "./offers.ts";
export * from "./opening-hours.ts";
export * from "./refusals.ts";
export * from "./slot-list.ts";
export * from "./zones.ts";
