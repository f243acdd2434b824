/** `isValidZone`: a clinic's zone is an IANA region zone, never a fixed offset or an abbreviation. */
import { describe, expect, it } from "vitest";
import { isValidZone } from "../../src/index.ts";

describe("a clinic's zone", () => {
  it.each([
    "Europe/London",
    "Europe/Dublin",
    "America/New_York",
    "America/Argentina/Buenos_Aires",
    "America/Port-au-Prince",
    "Asia/Kolkata",
    "Asia/Calcutta",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Antarctica/Troll",
    "Atlantic/Reykjavik",
    "Indian/Maldives",
    "Africa/Casablanca",
  ])("accepts the region zone %s", (zone) => {
    expect(isValidZone(zone)).toBe(true);
  });

  it.each([
    ["EST", "an abbreviation Intl reads as a fixed offset"],
    ["EST5EDT", "a POSIX-style rule zone"],
    ["GMT+1", "an offset"],
    ["Etc/GMT-1", "a fixed offset zone"],
    ["Etc/UTC", "UTC under its area"],
    ["UTC", "UTC"],
    ["GMT", "GMT"],
    ["US/Eastern", "a legacy alias outside the region areas"],
    ["GB", "a legacy country alias"],
    ["europe/london", "the wrong case"],
    ["Europe/london", "the wrong case in the place"],
    ["Mars/Olympus", "no such area"],
    ["Europe/Atlantis", "no such place"],
    ["Europe/", "no place"],
    ["Europe/London ", "trailing space"],
    ["", "nothing"],
  ])("refuses %s (%s)", (zone) => {
    expect(isValidZone(zone)).toBe(false);
  });
});
