/**
 * @module drills/fuzz-judge
 * Whether one fuzzed request was answered well, in words when it was not: no 5xx; 200, or 413 for
 * a body over the limit (and only then); an answer Vapi can read in the shape its route promises
 * (`tool-calls`: one result per item, in order, `toolCallId` echoed; legacy and flat shapes; an
 * acknowledgement for other messages); never INTERNAL_ERROR or STORE_UNAVAILABLE (the database is
 * healthy); and no row written unless the answer says a call changed something.
 */
import { VAPI_BODY_LIMIT_BYTES } from "../src/routes/vapi-routes.ts";
import { FlatAnswer, FunctionCallAnswer, payloadsOf, ToolCallsAnswer } from "../test/support/vapi-answers.ts";
import { type Case, MUTATING } from "./fuzz-cases.ts";

interface AnyAnswer {
  results?: { result?: string; error?: string; name?: string }[];
  result?: string;
  toolResult?: { content?: string };
}

/** Whether the answer says something may have changed: a mutating tool (or a legacy call) answered with success. */
export function claimsAChange(body: unknown): boolean {
  const b = body as AnyAnswer;
  const texts = [
    ...(b.results ?? []).filter((r) => MUTATING.has(r.name ?? "")).map((r) => r.result),
    b.result,
    b.toolResult?.content,
  ];
  return texts.some((t) => t !== undefined && (JSON.parse(t) as { success?: unknown }).success === true);
}

/** Every payload in an answer, whatever its shape. */
function payloadTexts(body: unknown): string[] {
  const b = body as AnyAnswer;
  const texts = [...(b.results ?? []).map((r) => r.result ?? r.error), b.result, b.toolResult?.content];
  return texts.filter((t): t is string => t !== undefined);
}

export const bodyBytes = (body: string | Uint8Array) =>
  typeof body === "string" ? Buffer.byteLength(body, "utf8") : body.byteLength;

const isAck = (body: unknown) =>
  typeof body === "object" && body !== null && "received" in body && typeof body.received === "string";

/** The shape problem of a message-route answer, or null. */
function messageShape(c: Case, status: number, body: unknown): string | null {
  if (c.kind === "function-call" && status === 200) return FunctionCallAnswer.safeParse(body).error?.message ?? null;
  if ((c.kind === "other" || c.kind === "mutated") && status === 200 && isAck(body)) return null;
  if (c.kind === "mutated" && status === 200 && "result" in (body as object)) {
    return FunctionCallAnswer.safeParse(body).error?.message ?? null;
  }
  const answer = ToolCallsAnswer.safeParse(body);
  if (!answer.success) return answer.error.message;
  payloadsOf(answer.data);
  const ids = answer.data.results.map((r) => r.toolCallId);
  if (c.ids !== null && status === 200 && JSON.stringify(ids) !== JSON.stringify(c.ids)) {
    return `toolCallIds ${JSON.stringify(ids)} instead of ${JSON.stringify(c.ids)}`;
  }
  return null;
}

/** What was wrong with the answer to `c` (`status`, `text`), with the row counts before and after; null if nothing. */
export function judge(c: Case, status: number, text: string, before: unknown, after: unknown): string | null {
  if (status >= 500) return `HTTP ${status}`;
  const over = bodyBytes(c.body) > VAPI_BODY_LIMIT_BYTES;
  if (status !== (over ? 413 : 200)) return `HTTP ${status} for a ${bodyBytes(c.body)}-byte body`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 120)}`;
  }
  let problem: string | null;
  try {
    problem = c.path.startsWith("/api/vapi/tools/")
      ? (FlatAnswer.safeParse(body).error?.message ?? null)
      : messageShape(c, status, body);
  } catch (e) {
    problem = `unreadable payload: ${String(e)}`;
  }
  if (problem !== null) return problem;
  const codes = payloadTexts(body).map((t) => (JSON.parse(t) as { code?: unknown }).code);
  for (const code of ["INTERNAL_ERROR", "STORE_UNAVAILABLE"]) if (codes.includes(code)) return `answered ${code}`;
  if (!claimsAChange(body) && JSON.stringify(after) !== JSON.stringify(before)) {
    return `rows written for a call that changed nothing: ${JSON.stringify(before)} -> ${JSON.stringify(after)}`;
  }
  return null;
}
