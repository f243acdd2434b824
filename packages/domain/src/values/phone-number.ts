/**
 * @module values/phone-number
 * A caller's number in E.164, parsed in the clinic's region, so that a GB clinic's
 * `07700 900123`, `+44 7700 900123` and `0044 7700 900123` are one number: `+447700900123`.
 */
import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js";
import { err, ok, type Result } from "neverthrow";
import { DomainErrors, type InvalidPhone } from "../errors/domain-error.ts";
import type { Brand } from "./brand.ts";
import { remembered } from "./remembered.ts";

export type PhoneNumber = Brand<string, "PhoneNumber">;
export type Region = CountryCode;

/** Whether `raw` is a region (ISO 3166 alpha-2) whose phone numbers we can parse, e.g. `GB`. */
export function isRegion(raw: string): raw is Region {
  return isSupportedCountry(raw);
}

/**
 * Possible numbers are accepted, not only numbers in allocated ranges: Ofcom's drama range
 * (07700 900xxx) and new allocations must still book.
 */
export function parsePhoneNumber(raw: string, region: Region): Result<PhoneNumber, InvalidPhone> {
  const number = rememberedNumber(raw, region);
  return number === null ? err(DomainErrors.invalidPhone(raw)) : ok(number);
}

/** Numbers read, by region and text (4,096 before starting again). */
const numbers = remembered<PhoneNumber | null>(4_096);
/** Longer texts are read each time, never kept: what a caller sends is bounded only by the body's size. */
const MAX_REMEMBERED_LENGTH = 64;

/**
 * libphonenumber's answer for `raw` in `region`, remembered: a caller's number is read by every
 * tool call of their call and again from each store answer, and reading one costs tens of
 * microseconds (a number valid in no region of its calling code is tried against every pattern of each).
 * The answer depends only on the text, the region and the library's metadata.
 */
function rememberedNumber(raw: string, region: Region): PhoneNumber | null {
  if (raw.length > MAX_REMEMBERED_LENGTH) return readNumber(raw, region);
  return numbers(`${region}:${raw}`, () => readNumber(raw, region));
}

function readNumber(raw: string, region: Region): PhoneNumber | null {
  const input = raw.trim();
  const international = input.startsWith("00") ? `+${input.slice(2)}` : input;
  const parsed = parsePhoneNumberFromString(international, region);
  return parsed === undefined || !parsed.isPossible() ? null : (parsed.number as PhoneNumber);
}

/** Masks all but the last three digits, for logs. */
export function maskPhone(phone: string): string {
  // Any length (a caller ID can be anything): at least half hidden, at most three kept at each end.
  const chars = Array.from(phone);
  const kept = Math.min(3, Math.floor(chars.length / 4));
  const head = chars.slice(0, kept).join("");
  const tail = kept === 0 ? "" : chars.slice(-kept).join("");
  return `${head}${"*".repeat(chars.length - 2 * kept)}${tail}`;
}
