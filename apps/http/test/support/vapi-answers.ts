/**
 * What Vapi can read, as zod schemas (after Vapi's OpenAPI `ServerMessageResponseToolCalls` and
 * `ToolCallResult`: `toolCallId` and `name` required, `result` / `error` strings, single-line,
 * one of the two), plus our own rule that each carries a JSON payload with `success` and a
 * speakable `message`. Shared by the shape, fuzz and limit tests.
 */
import { z } from "zod";

const singleLine = z.string().refine((s) => !/[\r\n]/.test(s), "must be a single line");

/** A `result` / `error` string: our JSON payload, `success` agreeing with the field it came in. */
const payload = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "not JSON" });
      return z.NEVER;
    }
  })
  .pipe(z.looseObject({ success: z.boolean(), message: z.string().min(1) }));

export const ToolCallResult = z
  .strictObject({
    toolCallId: z.string(),
    name: z.string(),
    result: singleLine.optional(),
    error: singleLine.optional(),
  })
  .refine((r) => (r.result === undefined) !== (r.error === undefined), "exactly one of result and error")
  .refine((r) => payload.safeParse(r.result ?? r.error).data?.success === (r.result !== undefined), {
    message: "the payload's success must agree with result / error",
  });

export const ToolCallsAnswer = z.strictObject({ results: z.array(ToolCallResult), error: singleLine.optional() });
export const FunctionCallAnswer = z.strictObject({ result: singleLine.pipe(payload) });
export const FlatAnswer = z.strictObject({ toolResult: z.strictObject({ content: singleLine.pipe(payload) }) });

export type ToolCallsAnswerBody = z.infer<typeof ToolCallsAnswer>;

/** The parsed payload of each result, in order. */
export function payloadsOf(answer: ToolCallsAnswerBody): { success: boolean; message: string; [k: string]: unknown }[] {
  return answer.results.map((r) => payload.parse(r.result ?? r.error));
}

/** Row counts of every table a booking writes, in one round trip. */
export const COUNT_ROWS = `select (select count(*)::int from organizations) as organizations,
  (select count(*)::int from contacts) as contacts, (select count(*)::int from appointments) as appointments,
  (select count(*)::int from booking_receipts) as booking_receipts,
  (select count(*)::int from calendar_sync_jobs) as calendar_sync_jobs`;
