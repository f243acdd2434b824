/**
 * @module admin/json-body
 * The gate before an admin body is validated: a JSON content type (415 otherwise, a missing one
 * included), a body that is there (400) and is JSON (400, saying where it broke). The parsed text
 * stays cached on the request for the schema validation that follows.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { type AdminError, AdminErrors } from "./admin-errors.ts";

export const JSON_TYPE = "application/json";
export const MERGE_PATCH_TYPE = "application/merge-patch+json";

/** The media type of a Content-Type header, lower-cased, without its parameters. */
function mediaTypeOf(header: string | undefined): string | null {
  const type = header?.split(";")[0]?.trim().toLowerCase();
  return type === undefined || type === "" ? null : type;
}

/** Why the request's body cannot be read as JSON, or `null` when it can. */
export async function bodyProblem(c: Context<AppEnv>, accepted: readonly string[]): Promise<AdminError | null> {
  const type = mediaTypeOf(c.req.header("content-type"));
  if (type === null || !accepted.includes(type)) return AdminErrors.unsupportedMediaType(type, accepted);
  const text = await c.req.text();
  if (text.trim() === "") return AdminErrors.malformedJson("The request body is empty: send a JSON object.");
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    const why = e instanceof SyntaxError ? e.message : "unreadable";
    return AdminErrors.malformedJson(`The request body is not valid JSON (${why}).`);
  }
}

/** Middleware: refuses, in the admin error shape, a body that is not JSON of an accepted type. */
export function jsonBody(accepted: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const problem = await bodyProblem(c, accepted);
    if (problem !== null) return c.json(problem.payload, problem.status);
    await next();
    return undefined;
  };
}
