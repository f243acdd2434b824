/**
 * @module vapi/run-tool-call
 * Runs one tool call: finds the tool, reads its arguments (JSON string or object), checks them,
 * runs the use case for the resolved clinic, and answers with a payload the assistant can speak.
 * Every outcome is logged once (contact details masked) and counted.
 */
import { type DomainError, DomainErrors, type OrgId, type RetryKey } from "@voxanne/domain";
import { err, ok, type Result, type ResultAsync } from "neverthrow";
import type { AppServices } from "../app-services.ts";
import { errorReply } from "../errors/error-reply.ts";
import type { Logger } from "../observability/logger.ts";
import { parseArguments } from "./tool-arguments.ts";
import { findTool, type ToolContext, type ToolSuccess } from "./tools.ts";
import type { CallIdentity, ToolCallRequest } from "./vapi-message.ts";

export interface ToolAnswer {
  readonly ok: boolean;
  readonly payload: Record<string, unknown> & { readonly success: boolean; readonly message: string };
}

export interface ToolCallInput {
  readonly call: ToolCallRequest;
  readonly identity: CallIdentity;
  readonly org: ResultAsync<OrgId, DomainError>;
  readonly idempotencyKey: RetryKey | null;
}

const UNKNOWN_TOOL = () =>
  DomainErrors.invalidInput("name", "I'm sorry, I can't do that here. I can book, check, move or cancel appointments.");

function readArguments(raw: unknown): Result<unknown, DomainError> {
  if (raw === undefined || raw === null || raw === "") return ok({});
  if (typeof raw !== "string") return ok(raw);
  try {
    return ok(JSON.parse(raw));
  } catch {
    return err(DomainErrors.invalidInput("arguments", "I couldn't read that request. Could you say it again?"));
  }
}

export async function runToolCall(services: AppServices, log: Logger, input: ToolCallInput): Promise<ToolAnswer> {
  const started = performance.now();
  const { call, identity } = input;
  const tool = findTool(call.name);
  let orgId: OrgId | null = null;
  const outcome = await (async (): Promise<Result<ToolSuccess, DomainError>> => {
    if (tool === undefined) return err(UNKNOWN_TOOL());
    const args = readArguments(call.arguments).andThen((raw) => parseArguments(tool.schema, raw));
    if (args.isErr()) return err(args.error);
    const org = await input.org;
    if (org.isErr()) return err(org.error);
    orgId = org.value;
    const context: ToolContext = {
      orgId: org.value,
      callerNumber: identity.callerNumber,
      idempotencyKey: input.idempotencyKey,
    };
    return tool.run(services.deps, context, args.value);
  })().catch((defect: unknown) => {
    log.error({ err: defect, tool: call.name }, "tool call defect");
    // A defect is not an outage: retrying cannot help, so it is never answered as retryable.
    return err<ToolSuccess, DomainError>({ ...DomainErrors.storeUnavailable("defect"), retryable: false });
  });
  const seconds = (performance.now() - started) / 1000;
  const label = outcome.isOk() ? "ok" : outcome.error.code;
  services.metrics.toolDuration.observe({ tool: tool?.name ?? "unknown", outcome: label }, seconds);
  record(services, call.name, outcome);
  const fields = {
    tool: call.name,
    toolCallId: call.id,
    orgId,
    outcome: label,
    ms: Math.round(seconds * 1000),
    callerNumber: identity.callerNumber,
  };
  if (outcome.isOk()) {
    const { facts, payload } = outcome.value;
    log.info({ ...fields, ...facts }, "tool call answered");
    return { ok: true, payload };
  }
  const reply = errorReply(outcome.error);
  const store = outcome.error.code === "STORE_UNAVAILABLE" ? outcome.error : null;
  // A non-retryable store failure is a defect (an answer the code cannot read, a bug), logged as one.
  const defect = store !== null && !store.retryable;
  log[reply.status >= 500 ? "error" : "info"]({ ...fields, cause: store?.cause, defect }, "tool call refused");
  return { ok: false, payload: reply.payload };
}

/** Counts the call's booking and inline calendar outcome. */
function record(services: AppServices, tool: string, outcome: Result<ToolSuccess, DomainError>) {
  if (outcome.isOk()) {
    const { facts } = outcome.value;
    if (tool === "bookClinicAppointment") {
      services.metrics.bookings.inc({ outcome: facts.replayed === true ? "replayed" : "booked" });
    }
    if (facts.calendarSynced !== undefined) {
      const result = facts.calendarSynced ? "synced" : (facts.calendarError ?? "no_calendar").toLowerCase();
      services.metrics.calendarSyncs.inc({ via: "inline", outcome: result });
    }
    return;
  }
  if (tool === "bookClinicAppointment") services.metrics.bookings.inc({ outcome: outcome.error.code.toLowerCase() });
}
