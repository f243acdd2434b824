/**
 * @module admin/admin-errors
 * The admin API's refusals, in an operator's words (never the caller's "Please call the clinic
 * directly"): one stable shape `{success: false, code, message, retryable, field?}` with a code
 * from a fixed list, its HTTP status, and the mapping from the domain's errors.
 */
import { z } from "@hono/zod-openapi";
import type { DomainError } from "@voxanne/domain";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ADMIN_ERROR_CODES = [
  "INVALID_INPUT",
  "MALFORMED_JSON",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "UNAUTHORIZED",
  "UNKNOWN_ORG",
  "NOT_IN_CATALOG",
  "GOOGLE_NOT_CONFIGURED",
  "STORE_UNAVAILABLE",
  "INTERNAL_ERROR",
] as const;
export type AdminErrorCode = (typeof ADMIN_ERROR_CODES)[number];

export const AdminErrorBody = z
  .strictObject({
    success: z.literal(false),
    code: z.enum(ADMIN_ERROR_CODES).openapi({ description: "Stable: what went wrong, for programs" }),
    message: z.string().openapi({ description: "What went wrong and what to do, for people" }),
    retryable: z.boolean().openapi({ description: "Whether the same request may succeed later as it is" }),
    field: z.string().optional().openapi({
      description:
        "INVALID_INPUT: the field at fault, a dotted path into the body (`openingHours.monday.0`) or a parameter",
    }),
  })
  .openapi("AdminError", { example: { success: false, code: "INVALID_INPUT", message: "zone: …", retryable: false } });

export type AdminErrorPayload = z.infer<typeof AdminErrorBody>;

export interface AdminError {
  readonly status: ContentfulStatusCode;
  readonly payload: AdminErrorPayload;
}

const refusal = (
  status: ContentfulStatusCode,
  code: AdminErrorCode,
  message: string,
  extra: { retryable?: boolean; field?: string } = {},
): AdminError => ({
  status,
  payload: {
    success: false,
    code,
    message,
    retryable: extra.retryable ?? false,
    ...(extra.field === undefined ? {} : { field: extra.field }),
  },
});

export const AdminErrors = {
  invalidInput: (field: string, problem: string) => refusal(400, "INVALID_INPUT", `${field}: ${problem}`, { field }),
  malformedJson: (why: string) => refusal(400, "MALFORMED_JSON", why),
  unsupportedMediaType: (given: string | null, accepted: readonly string[]) =>
    refusal(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      `${given === null ? "No Content-Type was given" : `Content-Type ${given} is not accepted here`}: ` +
        `send the body as ${accepted.join(" or ")}.`,
    ),
  unauthorized: (message: string) => refusal(401, "UNAUTHORIZED", message),
  unknownClinic: (id: string) => refusal(404, "UNKNOWN_ORG", `No clinic with id ${id}.`, { field: "orgId" }),
  googleNotConfigured: () =>
    refusal(
      409,
      "GOOGLE_NOT_CONFIGURED",
      "Google Calendar is not configured on this server: set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and " +
        "TOKEN_ENCRYPTION_KEY (and PUBLIC_URL) and restart it.",
    ),
  storeUnavailable: () =>
    refusal(503, "STORE_UNAVAILABLE", "The database is not answering: nothing was changed; try again shortly.", {
      retryable: true,
    }),
  internal: () =>
    refusal(500, "INTERNAL_ERROR", "Something went wrong on the server (it is logged): nothing was changed.", {
      retryable: true,
    }),
} as const;

/** A domain refusal of an admin request about clinic `orgId` (when there is one), in an operator's words. */
export function fromDomain(error: DomainError, orgId?: string): AdminError {
  switch (error.code) {
    case "UNKNOWN_ORG":
      return AdminErrors.unknownClinic(orgId ?? "(none given)");
    case "INVALID_INPUT":
      return refusal(400, "INVALID_INPUT", `${error.field}: ${error.message}`, { field: error.field });
    case "NOT_IN_CATALOG":
      return refusal(404, "NOT_IN_CATALOG", `This clinic has no ${error.entity} with id ${error.id}.`, {
        field: `${error.entity}Id`,
      });
    case "STORE_UNAVAILABLE":
      return AdminErrors.storeUnavailable();
    default:
      return refusal(400, "INVALID_INPUT", error.message);
  }
}
