/**
 * @module observability/logger
 * pino JSON logs. Phone numbers and emails are masked wherever they appear under the usual keys,
 * secrets are removed, so a log line never carries a patient's contact details in full. Masking
 * is total: a value of any length or type is masked, and it never throws (a log line written
 * after a booking committed must not turn the answer into a failure).
 */
import { maskEmail, maskPhone } from "@voxanne/domain";
import { type DestinationStream, type Level, type Logger, pino } from "pino";

const PHONE_KEYS = ["phone", "patientPhone", "callerNumber", "customerNumber"];
const EMAIL_KEYS = ["email", "patientEmail"];
const SECRET_KEYS = ["authorization", "x-vapi-secret", "accessToken", "refreshToken"];
const everywhere = (keys: string[]) => keys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/**
 * Any length: a quarter of the characters at most (and never more than three) are kept at each
 * end, the rest are stars, so at least half of any number is hidden: `+447700900123` →
 * `+44*******123`, `+12345` → `+****5`, `123` → `***`.
 */
/** The domain's masking (any length, at least half hidden), under the name the logger's callers use. */
export const maskPhoneNumber = maskPhone;

function censor(value: unknown, path: string[]): unknown {
  try {
    const key = path.at(-1) ?? "";
    if (typeof value !== "string") return value === null || value === undefined ? value : "[redacted]";
    if (EMAIL_KEYS.includes(key)) return maskEmail(value);
    if (PHONE_KEYS.includes(key)) return maskPhoneNumber(value);
    return "[redacted]";
  } catch {
    return "[redacted]";
  }
}

export function createLogger(level: Level | "silent", destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "voxanne-booking" },
    redact: { paths: everywhere([...PHONE_KEYS, ...EMAIL_KEYS, ...SECRET_KEYS]), censor },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

export type { Logger };
