/**
 * @module vapi/vapi-message
 * Reads Vapi's server message (`{"message": {...}}`) leniently: each part is parsed on its own,
 * so a malformed optional field never costs the caller an answer. Gives the tool calls in order
 * and who is calling, for which assistant and number.
 */
import { z } from "zod";

export interface ToolCallRequest {
  readonly id: string;
  readonly name: string;
  /** A JSON string or an object, as Vapi sends either. */
  readonly arguments: unknown;
}

/** What identifies the clinic and the caller: set by the clinic's owner or by Vapi, never by the model. */
export interface CallIdentity {
  readonly callId: string | null;
  readonly assistantId: string | null;
  readonly phoneNumberId: string | null;
  /** `assistant.metadata.org_id`. */
  readonly assistantOrgId: string | null;
  /** `customer.metadata.org_id` (the old flat test call). */
  readonly customerOrgId: string | null;
  /** The caller's number (`customer.number` or `call.customer.number`). */
  readonly callerNumber: string | null;
}

export type VapiMessage =
  | { readonly kind: "tool-calls"; readonly calls: ToolCallRequest[]; readonly identity: CallIdentity }
  | { readonly kind: "function-call"; readonly call: ToolCallRequest; readonly identity: CallIdentity }
  | { readonly kind: "other"; readonly type: string };

const text = z.string().trim().min(1).nullish().catch(null);
const metadata = z.object({ org_id: text }).nullish().catch(null);
const numbered = z.object({ number: text }).nullish().catch(null);
const Identity = z.object({
  call: z.object({ id: text, assistantId: text, phoneNumberId: text, customer: numbered }).nullish().catch(null),
  assistant: z.object({ id: text, metadata }).nullish().catch(null),
  customer: z.object({ number: text, metadata }).nullish().catch(null),
  phoneNumber: z.object({ id: text }).nullish().catch(null),
});

const ToolCall = z.object({
  id: z.string().catch(""),
  function: z.object({ name: z.string().catch(""), arguments: z.unknown() }).catch({ name: "", arguments: undefined }),
});
const ToolCalls = z.array(ToolCall).catch([]);
const WrappedToolCalls = z.array(z.object({ toolCall: ToolCall })).catch([]);
const FunctionCall = z.object({ name: z.string().catch(""), parameters: z.unknown() });

const orNull = (v: string | null | undefined) => v ?? null;

/** The identity fields of a message (or of the old flat body, which carries `customer.metadata`). */
export function identityOf(message: Record<string, unknown>): CallIdentity {
  const m = Identity.parse(message);
  return {
    callId: orNull(m.call?.id),
    assistantId: orNull(m.call?.assistantId ?? m.assistant?.id),
    phoneNumberId: orNull(m.call?.phoneNumberId ?? m.phoneNumber?.id),
    assistantOrgId: orNull(m.assistant?.metadata?.org_id),
    customerOrgId: orNull(m.customer?.metadata?.org_id),
    callerNumber: orNull(m.customer?.number ?? m.call?.customer?.number),
  };
}

/** `null` when the body is not a Vapi server message at all. */
export function readVapiMessage(body: unknown): VapiMessage | null {
  if (!isRecord(body) || !isRecord(body.message)) return null;
  const message = body.message;
  const type = typeof message.type === "string" ? message.type : "";
  if (type === "tool-calls") {
    const listed = ToolCalls.parse(message.toolCallList);
    const calls =
      listed.length > 0 ? listed : WrappedToolCalls.parse(message.toolWithToolCallList).map((w) => w.toolCall);
    return {
      kind: "tool-calls",
      calls: calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
      identity: identityOf(message),
    };
  }
  if (type === "function-call") {
    const parsed = FunctionCall.safeParse(message.functionCall);
    const fn = parsed.success ? parsed.data : { name: "", parameters: undefined };
    return {
      kind: "function-call",
      call: { id: "", name: fn.name, arguments: fn.parameters },
      identity: identityOf(message),
    };
  }
  return { kind: "other", type };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
