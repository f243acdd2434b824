/**
 * @module speech/zones
 * A zone as the clinic's callers name it: "UK time", "Eastern time", "Sydney time"; for a zone
 * not in the table, its city ("Buenos Aires time"). Never an offset such as "GMT-4", which is
 * wrong half the year.
 */

const ZONE_WORDS: Readonly<Record<string, string>> = {
  "Europe/London": "UK time",
  "Europe/Belfast": "UK time",
  "Europe/Dublin": "Irish time",
  "America/New_York": "Eastern time",
  "America/Detroit": "Eastern time",
  "America/Toronto": "Eastern time",
  "America/Chicago": "Central time",
  "America/Winnipeg": "Central time",
  "America/Denver": "Mountain time",
  "America/Edmonton": "Mountain time",
  "America/Phoenix": "Arizona time",
  "America/Los_Angeles": "Pacific time",
  "America/Vancouver": "Pacific time",
  "America/Anchorage": "Alaska time",
  "Pacific/Honolulu": "Hawaii time",
  "America/Halifax": "Atlantic time",
  "America/St_Johns": "Newfoundland time",
  "Australia/Sydney": "Sydney time",
  "Australia/Melbourne": "Melbourne time",
  "Australia/Brisbane": "Brisbane time",
  "Australia/Adelaide": "Adelaide time",
  "Australia/Perth": "Perth time",
  "Australia/Hobart": "Hobart time",
  "Australia/Darwin": "Darwin time",
  "Pacific/Auckland": "New Zealand time",
};

/** "UK time", "Eastern time", else the zone's last part as a place ("Buenos Aires time"). */
export function zoneInWords(zone: string): string {
  const known = Object.hasOwn(ZONE_WORDS, zone) ? ZONE_WORDS[zone] : undefined;
  if (known !== undefined) return known;
  const city = zone.split("/").at(-1) ?? zone;
  return `${city.replaceAll("_", " ")} time`;
}
