/**
 * @module routes/vapi-routes
 * Vapi's server URL. `POST /api/vapi/tools` takes the `tool-calls` message (several calls,
 * answered in order, one result each) and the legacy `function-call` message; the old flat body
 * still works at `POST /api/vapi/tools/:tool`. Always HTTP 200 with a body Vapi can read (401 only
 * for a request that is not from our Vapi account); `result`/`error` are single-line JSON strings.
 */
import { createHash } from "node:crypto";
import { DERIVED_KEY_WINDOW_SECONDS, type RetryKey } from "@voxanne/domain";
import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { AppServices } from "../app-services.ts";
import { runToolCall, type ToolAnswer } from "../vapi/run-tool-call.ts";
import { resolveOrg } from "../vapi/tenant.ts";
import { toolDefinitions } from "../vapi/tool-definitions.ts";
import { authenticateVapi } from "../vapi/vapi-auth.ts";
import { identityOf, isRecord, readVapiMessage } from "../vapi/vapi-message.ts";

/** Single-line by construction: JSON.stringify without indentation escapes every newline. */
const line = (payload: unknown) => JSON.stringify(payload);
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const canonical = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v ?? {}));

const UNREADABLE = "I couldn't read that request. Please try again.";

export function vapiRoutes(services: AppServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/tool-definitions", (c) => c.json(toolDefinitions(`${services.publicUrl}/api/vapi/tools`)));

  app.use("/tools", authenticate(services));
  app.use("/tools/*", authenticate(services));

  app.post("/tools", async (c) => {
    const log = c.get("log");
    const body = parseJson(c.get("rawBody"));
    const message = body === undefined ? null : readVapiMessage(body);
    if (message === null) {
      log.info({ outcome: "UNREADABLE_BODY" }, "vapi message refused");
      return c.json({ results: [], error: UNREADABLE });
    }
    if (message.kind === "other") return c.json({ received: message.type });
    const org = resolveOrg(services.tenants, message.identity);
    if (message.kind === "function-call") {
      const { call, identity } = message;
      const key = derivedKey("function-call", identity.callId, call.name, canonical(call.arguments));
      const answer = await runToolCall(services, log, { call, identity, org, idempotencyKey: key });
      return c.json({ result: line(answer.payload) });
    }
    const results = [];
    for (const call of message.calls) {
      const idempotencyKey =
        call.id === "" ? null : { key: `tool-call:${message.identity.callId ?? "-"}:${call.id}`, windowSeconds: null };
      const answer = await runToolCall(services, log, { call, identity: message.identity, org, idempotencyKey });
      results.push({ toolCallId: call.id, name: call.name, ...resultField(answer) });
    }
    return c.json({ results });
  });

  app.post("/tools/:tool", async (c) => {
    const body = parseJson(c.get("rawBody"));
    const flat = isRecord(body) ? body : null;
    if (flat === null) return c.json({ toolResult: { content: line({ success: false, message: UNREADABLE }) } });
    const { customer: _c, call: _k, assistant: _a, phoneNumber: _p, ...args } = flat;
    const identity = identityOf(flat);
    const call = { id: "", name: c.req.param("tool"), arguments: args };
    const key = derivedKey("flat", identity.callId, call.name, canonical(args));
    const org = resolveOrg(services.tenants, identity);
    const answer = await runToolCall(services, c.get("log"), { call, identity, org, idempotencyKey: key });
    return c.json({ toolResult: { content: line(answer.payload) } });
  });

  return app;
}

/**
 * A message without a tool-call id is recognised by its call id and arguments, for as long as a
 * call can last; with no call id there is nothing to tie a retry to, so there is no replay.
 */
function derivedKey(kind: string, callId: string | null, tool: string, args: string): RetryKey | null {
  if (callId === null) return null;
  return { key: `${kind}:${callId}:${sha256(`${tool}:${args}`)}`, windowSeconds: DERIVED_KEY_WINDOW_SECONDS };
}

function resultField(answer: ToolAnswer): { result: string } | { error: string } {
  return answer.ok ? { result: line(answer.payload) } : { error: line(answer.payload) };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function authenticate(services: AppServices) {
  return async (c: import("hono").Context<AppEnv>, next: () => Promise<void>) => {
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
