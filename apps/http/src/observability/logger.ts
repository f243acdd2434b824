/**
 * @module observability/logger
 * pino JSON logs. Phone numbers and emails are masked wherever they appear under the usual keys,
 * secrets are removed, so a log line never carries a patient's contact details in full. Masking
 * is total: a value of any length or type is masked, and it never throws (a log line written
 * after a booking committed must not turn the answer into a failure).
 *
 * A masked key at the top of a line or of a child's bindings is masked by its serializer; below
 * the top, one walk of each line's fields finds them to two levels down, through any object (an
 * error's own fields too): what pino's `redact` paths `k`, `*.k` and `*.*.k` reached, without
 * `redact`'s work on every child and line (the costliest step of a tool call's one log line).
 * The caller's objects are never changed: a level holding a masked key is copied, keeping its
 * prototype (an error stays an error).
 */
import { maskEmail, maskPhone } from "@voxanne/domain";
import { type DestinationStream, type Level, type Logger, pino } from "pino";

const PHONE_KEYS = ["phone", "patientPhone", "callerNumber", "customerNumber"];
const EMAIL_KEYS = ["email", "patientEmail"];
const SECRET_KEYS = ["authorization", "x-vapi-secret", "accessToken", "refreshToken"];
const MASKED = new Set([...PHONE_KEYS, ...EMAIL_KEYS, ...SECRET_KEYS]);
/** Levels below the top that are searched (`*.*.k`). */
const DEPTH = 2;

/**
 * Any length: a quarter of the characters at most (and never more than three) are kept at each
 * end, the rest are stars, so at least half of any number is hidden: `+447700900123` →
 * `+44*******123`, `+12345` → `+****5`, `123` → `***`.
 */
/** The domain's masking (any length, at least half hidden), under the name the logger's callers use. */
export const maskPhoneNumber = maskPhone;

function censor(value: unknown, key: string): unknown {
  try {
    if (typeof value !== "string") return value === null || value === undefined ? value : "[redacted]";
    if (EMAIL_KEYS.includes(key)) return maskEmail(value);
    if (PHONE_KEYS.includes(key)) return maskPhoneNumber(value);
    return "[redacted]";
  } catch {
    return "[redacted]";
  }
}

/** Objects whose keys are searched (a byte array's indices are not keys worth searching). */
const searched = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !ArrayBuffer.isView(v);

/** A shallow copy of `v` that is still what it was: an array, a plain object, an error. */
function copyOf(v: object): Record<string, unknown> {
  if (Array.isArray(v)) return [...v] as unknown as Record<string, unknown>;
  if (Object.getPrototypeOf(v) === Object.prototype) return { ...v };
  return Object.create(Object.getPrototypeOf(v), Object.getOwnPropertyDescriptors(v));
}

/**
 * `fields` with every masked key at most `depth` levels down masked (at its own level only when
 * `here`: a line's top level is left to the serializers); `fields` itself if none is there.
 */
function masked<T extends object>(fields: T, depth: number, here = true): T {
  let copy: Record<string, unknown> | null = null;
  const source = fields as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const value = source[key];
    let next = value;
    if (MASKED.has(key)) {
      if (here) next = censor(value, key);
    } else if (depth > 0 && searched(value)) next = masked(value, depth - 1);
    if (next === value) continue;
    copy ??= copyOf(fields);
    copy[key] = next;
  }
  return (copy ?? fields) as T;
}

export function createLogger(level: Level | "silent", destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "voxanne-booking" },
    serializers: Object.fromEntries([...MASKED].map((key) => [key, (value: unknown) => censor(value, key)])),
    formatters: { log: (fields: Record<string, unknown>) => masked(fields, DEPTH, false) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

export type { Logger };
