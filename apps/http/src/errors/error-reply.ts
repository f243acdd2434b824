/**
 * @module errors/error-reply
 * The one place a domain error becomes an HTTP status and a reply body. The switch is exhaustive:
 * a new error code does not compile until it has a status here. What the caller hears is the
 * error's own speakable `message`; the payload adds what the assistant may offer next, never an
 * internal cause.
 */
import type { DomainError } from "@voxanne/domain";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface ErrorPayload {
  readonly success: false;
  readonly code: DomainError["code"];
  readonly message: string;
  readonly retryable: boolean;
  readonly [detail: string]: unknown;
}

export interface ErrorReply {
  readonly status: ContentfulStatusCode;
  readonly payload: ErrorPayload;
}

export function errorReply(error: DomainError): ErrorReply {
  const payload = { success: false as const, code: error.code, message: error.message, retryable: error.retryable };
  const reply = (status: ContentfulStatusCode, details: Record<string, unknown> = {}): ErrorReply => ({
    status,
    payload: { ...payload, ...details },
  });
  switch (error.code) {
    case "MISSING_CONTACT_INFO":
    case "INVALID_PHONE":
    case "INVALID_EMAIL":
      return reply(400);
    case "INVALID_INPUT":
      return reply(400, { field: error.field });
    case "UNKNOWN_ORG":
    case "APPOINTMENT_NOT_FOUND":
      return reply(404);
    case "CALLER_NOT_VERIFIED":
      return reply(403);
    case "SLOT_UNAVAILABLE":
      return reply(409, { alternatives: error.alternatives });
    case "PRACTITIONER_UNAVAILABLE":
      return reply(409, {
        practitioner: error.practitioner,
        alternatives: error.alternatives,
        othersFree: error.othersFree,
      });
    case "UNKNOWN_SERVICE":
    case "UNKNOWN_PRACTITIONER":
      return reply(422, { asked: error.asked, offered: error.offered });
    case "NOT_IN_CATALOG":
      return reply(404, { entity: error.entity, id: error.id });
    case "APPOINTMENT_CANCELLED":
    case "CALENDAR_NOT_LINKED":
    case "CALENDAR_REAUTH_REQUIRED":
      return reply(409);
    case "NONEXISTENT_LOCAL_TIME":
    case "OUTSIDE_OPENING_HOURS":
    case "TOO_SHORT_NOTICE":
      return reply(422, { alternatives: error.alternatives });
    case "SLOT_IN_PAST":
      return reply(422, { today: error.today, alternatives: error.alternatives });
    case "BEYOND_BOOKING_HORIZON":
      return reply(422, { lastDate: error.lastDate });
    case "APPOINTMENT_IN_PAST":
      return reply(422);
    case "CALENDAR_UNAVAILABLE":
      return reply(502);
    case "SETTINGS_STALE":
    case "STORE_UNAVAILABLE":
      return reply(503);
  }
}
