/**
 * @module vapi/vapi-message
 * Reads Vapi's server message (`{"message": {...}}`) leniently: each part is parsed on its own,
 * so a malformed optional field never costs the caller an answer, and a malformed tool-call item
 * costs only that item its answer. Gives the tool calls in order and who is calling, for which
 * assistant and number.
 *
 * Every item shape Vapi documents is read the same way, arguments as a JSON string or an object:
 * `{id, function: {name, arguments}}` (the OpenAPI `ToolCall`), `{id, function: {name, parameters}}`,
 * `{id, name, arguments}` (custom-tools page), `{id, name, parameters}` (server-events page), in
 * `toolCallList`, or as the `toolCall` of a `toolWithToolCallList` item (whose own
 * `function.parameters` is the tool's JSON Schema, never the arguments). An `assistant-request`
 * (an inbound call to a number with no fixed assistant) is read for its identity alone.
 */
import { z } from "zod";

export interface ToolCallRequest {
  /** Vapi's tool-call id, echoed as `toolCallId`; `""` when the item has none. */
  readonly id: string;
  readonly name: string;
  /** A JSON string or an object, as Vapi sends either. */
  readonly arguments: unknown;
  /** `false`: the item is not a tool call at all (not an object, no name); it is answered as an error. */
  readonly readable: boolean;
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
  | { readonly kind: "assistant-request"; readonly identity: CallIdentity }
  | { readonly kind: "other"; readonly type: string };

/** An id or number as Vapi sends it; one Postgres could not store (a NUL byte) is as good as none. */
const text = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .refine((s) => !s.includes("\u0000"))
  .nullish()
  .catch(null);
const metadata = z.object({ org_id: text }).nullish().catch(null);
const numbered = z.object({ number: text }).nullish().catch(null);
const Identity = z.object({
  call: z.object({ id: text, assistantId: text, phoneNumberId: text, customer: numbered }).nullish().catch(null),
  assistant: z.object({ id: text, metadata }).nullish().catch(null),
  customer: z.object({ number: text, metadata }).nullish().catch(null),
  phoneNumber: z.object({ id: text }).nullish().catch(null),
});

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
  if (!isRecord(body)) return null;
  const message = own(body, "message");
  if (!isRecord(message)) return null;
  const type = own(message, "type");
  if (type === "tool-calls") return { kind: "tool-calls", calls: toolCallsOf(message), identity: identityOf(message) };
  if (type === "assistant-request") return { kind: "assistant-request", identity: identityOf(message) };
  if (type === "function-call") {
    const call = readItem(own(message, "functionCall"));
    return { kind: "function-call", call: { ...call, id: "" }, identity: identityOf(message) };
  }
  return { kind: "other", type: typeof type === "string" ? type : "" };
}

/** `toolCallList` when it lists anything, else the `toolCall` of each `toolWithToolCallList` item. */
function toolCallsOf(message: Record<string, unknown>): ToolCallRequest[] {
  const listed = own(message, "toolCallList");
  if (Array.isArray(listed) && listed.length > 0) return listed.map((item) => readItem(item));
  const wrapped = own(message, "toolWithToolCallList");
  return Array.isArray(wrapped) ? wrapped.map(readWrapped) : [];
}

const UNREADABLE_ITEM: ToolCallRequest = { id: "", name: "", arguments: undefined, readable: false };

/** One tool call in any documented shape; the function's fields win over the item's. */
function readItem(item: unknown): ToolCallRequest {
  if (!isRecord(item)) return UNREADABLE_ITEM;
  const declared = own(item, "function");
  const fn = isRecord(declared) ? declared : {};
  const id = own(item, "id");
  const name = firstText(own(fn, "name"), own(item, "name"));
  const sources = [fn, item];
  const holder = sources.find((s) => Object.hasOwn(s, "arguments") || Object.hasOwn(s, "parameters"));
  const args =
    holder === undefined ? undefined : Object.hasOwn(holder, "arguments") ? holder.arguments : holder.parameters;
  return { id: typeof id === "string" ? id : "", name: name ?? "", arguments: args, readable: name !== null };
}

/** A `toolWithToolCallList` item: the call is its `toolCall`; the tool's own name is the fallback name. */
function readWrapped(item: unknown): ToolCallRequest {
  if (!isRecord(item)) return UNREADABLE_ITEM;
  const call = readItem(own(item, "toolCall"));
  if (call.readable) return call;
  const definition = own(item, "function");
  const name = firstText(isRecord(definition) ? own(definition, "name") : undefined, own(item, "name"));
  // Without its toolCall there are no arguments to run: answered as unreadable, under the tool's name.
  return { ...call, name: name ?? "", readable: false };
}

function firstText(...values: unknown[]): string | null {
  const found = values.find((v): v is string => typeof v === "string" && v.trim() !== "");
  return found ?? null;
}

/** An own property only: a key such as `constructor` never reads `Object.prototype`. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether arrays and objects nest deeper than `max` (checked without recursion, so any depth is safe to ask about). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [v, depth] = next;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
