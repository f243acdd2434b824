/**
 * @module routes/vapi-routes
 * Vapi's server URL. `POST /api/vapi/tools` takes the `tool-calls` message (several calls,
 * answered in order, one result each, `toolCallId` and `name` echoed, a malformed item answered
 * as an error for that item alone) and the legacy `function-call` message; the old flat body
 * still works at `POST /api/vapi/tools/:tool`. It also answers `assistant-request` with the
 * clinic's assistant and its variables (`vapi/assistant-request`). `POST /api/vapi/server` is the
 * same endpoint under the name a clinic sets as its phone number's server URL. Always HTTP 200 with a body Vapi can read (401
 * only for a request that is not from our Vapi account, 413 for a body over the limit);
 * `result`/`error` are single-line JSON strings.
 */
import { hash } from "node:crypto";
import {
  DERIVED_KEY_WINDOW_SECONDS,
  type DomainError,
  DomainErrors,
  isUuid,
  type OrgId,
  parseOrgId,
  type ResolveClinic,
  type RetryKey,
} from "@voxanne/domain";
import { type Context, Hono } from "hono";
import type { ResultAsync } from "neverthrow";
import { AdminErrors, fromDomain } from "../admin/admin-errors.ts";
import { requireAdmin } from "../admin/require-admin.ts";
import type { AppEnv } from "../app-env.ts";
import type { AppServices } from "../app-services.ts";
import { errorReply } from "../errors/error-reply.ts";
import type { Logger } from "../observability/logger.ts";
import { answerAssistantRequest } from "../vapi/assistant-request.ts";
import {
  DEFECT_MESSAGE,
  defectAnswer,
  MAX_ARGUMENT_DEPTH,
  runToolCall,
  type ToolAnswer,
} from "../vapi/run-tool-call.ts";
import { resolveOrg } from "../vapi/tenant.ts";
import { clinicToolDefinitions, toolDefinitions } from "../vapi/tool-definitions.ts";
import { authenticateVapi } from "../vapi/vapi-auth.ts";
import {
  type CallIdentity,
  identityOf,
  isRecord,
  nestsDeeperThan,
  readVapiMessage,
  type ToolCallRequest,
} from "../vapi/vapi-message.ts";

/** Vapi's bodies carry the assistant and a transcript artifact: 1 MB is plenty, and bounded. */
export const VAPI_BODY_LIMIT_BYTES = 1024 * 1024;
/** Tool calls run one after another: past this many in one message, the rest are refused unrun. */
export const MAX_CALLS_PER_MESSAGE = 16;

const UNREADABLE = "I couldn't read that request. Please try again.";
const TOO_LARGE = "That request was too large for me to read. Please try again with less.";
const TOO_MANY = "That was too many requests at once. Could you ask for one thing at a time?";

/** Single-line by construction: JSON.stringify without indentation escapes every newline. */
const line = (payload: unknown) => JSON.stringify(payload);
/** One-shot (`crypto.hash`): the same hex digest as a Hash object, without making one per call. */
const sha256 = (s: string) => hash("sha256", s, "hex");
const canonical = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? {}));

type ToolResult = { toolCallId: string; name: string } & ({ result: string } | { error: string });

/**
 * `GET /tool-definitions`: the generic definitions; with `?orgId=` (behind the admin token) the
 * clinic's own, its services and practitioners as enums.
 */
function definitions(services: AppServices) {
  return async (c: Context<AppEnv>) => {
    const url = `${services.publicUrl}/api/vapi/tools`;
    const orgId = c.req.query("orgId");
    if (orgId === undefined) return c.json(toolDefinitions(url));
    if (!isUuid(orgId)) {
      const refusal = AdminErrors.invalidInput("orgId", "not a clinic id (a UUID)");
      return c.json(refusal.payload, refusal.status);
    }
    const staff = await parseOrgId(orgId).asyncAndThen((id) => services.catalog.getStaff(id));
    return staff.match(
      (s) => c.json(clinicToolDefinitions(url, s)),
      (e) => {
        const refusal = fromDomain(e, orgId);
        return c.json(refusal.payload, refusal.status);
      },
    );
  };
}

export function vapiRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const admin = requireAdmin(services);
  app.get(
    "/tool-definitions",
    (c, next) => (c.req.query("orgId") === undefined ? next() : admin(c, next)),
    definitions(services),
  );

  app.use("/tools", authenticate(services));
  app.use("/tools/*", authenticate(services));
  app.use("/server", authenticate(services));

  const serverMessage = async (c: Context<AppEnv>) => {
    const log = c.get("log");
    try {
      return c.json(await answerMessage(services, log, c.get("rawBody")));
    } catch (defect) {
      log.error({ err: defect, defect: true }, "vapi message defect");
      return c.json({ results: [], error: DEFECT_MESSAGE });
    }
  };
  app.post("/tools", serverMessage);
  app.post("/server", serverMessage);

  app.post("/tools/:tool", async (c) => {
    const log = c.get("log");
    try {
      const answer = await answerFlat(services, log, c.req.param("tool"), c.get("rawBody"));
      return c.json({ toolResult: { content: line(answer.payload) } });
    } catch (defect) {
      log.error({ err: defect, defect: true }, "vapi flat call defect");
      return c.json({ toolResult: { content: line(defectAnswer().payload) } });
    }
  });

  return app;
}

/** The body of a `tool-calls` / `function-call` answer, or the acknowledgement of any other message. */
async function answerMessage(services: AppServices, log: Logger, raw: string): Promise<Record<string, unknown>> {
  const body = readBody(raw);
  const message = body === undefined ? null : readVapiMessage(body);
  if (message === null) {
    log.info({ outcome: "UNREADABLE_BODY" }, "vapi message refused");
    return { results: [], error: UNREADABLE };
  }
  if (message.kind === "other") return { received: message.type.slice(0, 64) };
  const org = orgOnce(services, message.identity);
  if (message.kind === "assistant-request") return { ...(await answerAssistantRequest(services, log, org)) };
  if (message.kind === "function-call") {
    const { call, identity } = message;
    const key = derivedKey("function-call", identity.callId, call.name, call.arguments);
    const answer = await answerSafely(log, () =>
      runToolCall(services, log, { call, identity, org, idempotencyKey: key }),
    );
    return { result: line(answer.payload) };
  }
  const results: ToolResult[] = [];
  for (const [index, call] of message.calls.entries()) {
    if (index >= MAX_CALLS_PER_MESSAGE) {
      results.push(resultOf(call, refusal(DomainErrors.invalidInput("toolCallList", TOO_MANY))));
      continue;
    }
    const idempotencyKey = toolCallKey(message.identity.callId, call.id);
    const answer = await answerSafely(log, () =>
      runToolCall(services, log, { call, identity: message.identity, org, idempotencyKey }),
    );
    results.push(resultOf(call, answer));
  }
  return { results };
}

/** The old flat body: the arguments beside the identity fields, the tool named by the path. */
async function answerFlat(services: AppServices, log: Logger, tool: string, raw: string): Promise<ToolAnswer> {
  const body = readBody(raw);
  if (!isRecord(body)) return { ok: false, payload: { success: false, message: UNREADABLE } };
  const { customer: _c, call: _k, assistant: _a, phoneNumber: _p, ...args } = body;
  const identity = identityOf(body);
  const call: ToolCallRequest = { id: "", name: tool, arguments: args, readable: true };
  const idempotencyKey = derivedKey("flat", identity.callId, call.name, args);
  const org = orgOnce(services, identity);
  return answerSafely(log, () => runToolCall(services, log, { call, identity, org, idempotencyKey }));
}

/** `runToolCall` answers whatever happens; this is the last guard, so one call never costs the others theirs. */
async function answerSafely(log: Logger, run: () => Promise<ToolAnswer>): Promise<ToolAnswer> {
  try {
    return await run();
  } catch (defect) {
    log.error({ err: defect, defect: true }, "tool call defect");
    return defectAnswer();
  }
}

/** The clinic, looked up once per message and only when a call needs it (`afresh`: looked up again). */
function orgOnce(services: AppServices, identity: CallIdentity): ResolveClinic {
  let org: ResultAsync<OrgId, DomainError> | undefined;
  return (afresh = false) => {
    if (afresh) org = undefined;
    org ??= resolveOrg({ tenants: services.tenants, allowMetadata: services.allowMetadataTenant }, identity);
    return org;
  };
}

/**
 * Parsed JSON, else `undefined` (unreadable). JSON.parse is safe at any depth, and nothing here
 * walks the whole body: the message is read at fixed shallow paths, and only a call's arguments
 * are walked, after their depth is checked (`MAX_ARGUMENT_DEPTH`).
 */
function readBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function refusal(error: DomainError): ToolAnswer {
  return { ok: false, payload: errorReply(error).payload };
}

function resultOf(call: ToolCallRequest, answer: ToolAnswer): ToolResult {
  const echo = { toolCallId: call.id, name: call.name };
  return answer.ok ? { ...echo, result: line(answer.payload) } : { ...echo, error: line(answer.payload) };
}

/**
 * A tool call's key is its tool-call id within its call: a retried or duplicated call changes
 * nothing twice. Hashed, so that whatever the ids hold (any length, a NUL byte), the key is short
 * and storable.
 */
function toolCallKey(callId: string | null, toolCallId: string): RetryKey | null {
  if (toolCallId === "") return null;
  return { key: `tool-call:${sha256(`${callId ?? "-"}\u0000${toolCallId}`)}`, windowSeconds: null };
}

/**
 * A message without a tool-call id is recognised by its call id and arguments, for as long as a
 * call can last; with no call id there is nothing to tie a retry to, so there is no replay.
 */
function derivedKey(kind: string, callId: string | null, tool: string, args: unknown): RetryKey | null {
  // Arguments too deep to read are refused unrun: nothing to replay, and nothing to serialise.
  if (callId === null || nestsDeeperThan(args, MAX_ARGUMENT_DEPTH)) return null;
  return {
    key: `${kind}:${callId}:${sha256(`${tool}:${canonical(args)}`)}`,
    windowSeconds: DERIVED_KEY_WINDOW_SECONDS,
  };
}

/** The 413 answer in the shape the route's caller reads (Vapi reads a `tool-calls` or flat body). */
export function tooLargeBody(path: string): Record<string, unknown> {
  if (isMessageEndpoint(path)) return { results: [], error: TOO_LARGE };
  const payload = { success: false, code: "PAYLOAD_TOO_LARGE", message: TOO_LARGE, retryable: false };
  return { toolResult: { content: line(payload) } };
}

/** The answer to a defect that escaped everything else, in the shape the route's caller reads. */
export function defectBody(path: string): Record<string, unknown> {
  if (isMessageEndpoint(path)) return { results: [], error: DEFECT_MESSAGE };
  return { toolResult: { content: line(defectAnswer().payload) } };
}

/** The endpoints that take Vapi's server messages (not the flat per-tool body). */
const MESSAGE_ENDPOINTS = ["/api/vapi/tools", "/api/vapi/tools/", "/api/vapi/server", "/api/vapi/server/"];
const isMessageEndpoint = (path: string) => MESSAGE_ENDPOINTS.includes(path);

function authenticate(services: AppServices) {
  return async (c: Context<AppEnv>, next: () => Promise<void>) => {
    const raw = await c.req.text();
    c.set("rawBody", raw);
    const verdict = authenticateVapi(services.vapiAuth, (name) => c.req.header(name), raw, services.nowMs());
    if (!verdict.ok) {
      c.get("log").warn({ outcome: "UNAUTHORIZED", failure: verdict.failure }, "vapi request refused");
      return c.json({ error: "Unauthorized: this endpoint only answers our Vapi account." }, 401);
    }
    await next();
    return undefined;
  };
}
