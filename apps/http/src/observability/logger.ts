/**
 * @module observability/logger
 * pino JSON logs. Phone numbers and emails are masked wherever they appear under the usual keys,
 * secrets are removed, so a log line never carries a patient's contact details in full.
 */
import { maskEmail, maskPhone } from "@voxanne/domain";
import { type DestinationStream, type Level, type Logger, pino } from "pino";

const PHONE_KEYS = ["phone", "patientPhone", "callerNumber", "customerNumber"];
const EMAIL_KEYS = ["email", "patientEmail"];
const SECRET_KEYS = ["authorization", "x-vapi-secret", "accessToken", "refreshToken"];
const everywhere = (keys: string[]) => keys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

function censor(value: unknown, path: string[]): unknown {
  const key = path.at(-1) ?? "";
  if (typeof value !== "string") return value === null || value === undefined ? value : "[redacted]";
  if (EMAIL_KEYS.includes(key)) return maskEmail(value);
  if (PHONE_KEYS.includes(key)) return maskPhone(value);
  return "[redacted]";
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
