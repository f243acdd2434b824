/**
 * @module vapi/run-tool-call
 * Runs one tool call: finds the tool, reads its arguments (JSON string or object, bounded in
 * depth), checks them, runs the use case for the resolved clinic, and answers with a payload the
 * assistant can speak. Every outcome is logged once (contact details masked) and counted.
 *
 * Total: whatever the input, it answers. A defect (an exception, or a store answer the code cannot
 * read) is logged with its stack and answered as "something went wrong on our side", never as a
 * retryable outage: retrying a bug cannot help.
 */
import {
  type DomainError,
  DomainErrors,
  type OrgId,
  type ResolveClinic,
  type RetryKey,
  withCurrentSettings,
} from "@voxanne/domain";
import { err, ok, type Result } from "neverthrow";
import type { AppServices } from "../app-services.ts";
import { errorReply } from "../errors/error-reply.ts";
import type { Logger } from "../observability/logger.ts";
import { parseArguments } from "./tool-arguments.ts";
import { findTool, type ToolContext, type ToolSuccess } from "./tools.ts";
import { type CallIdentity, nestsDeeperThan, type ToolCallRequest } from "./vapi-message.ts";

export interface ToolAnswer {
  readonly ok: boolean;
  readonly payload: Record<string, unknown> & { readonly success: boolean; readonly message: string };
}

export interface ToolCallInput {
  readonly call: ToolCallRequest;
  readonly identity: CallIdentity;
  /**
   * The clinic, resolved on first use (a message whose calls are all refused looks nothing up);
   * `afresh`: again, after the settings cache forgot the clinic it named.
   */
  readonly org: ResolveClinic;
  readonly idempotencyKey: RetryKey | null;
}

/** How deeply a tool's arguments may nest: ours are flat, so this is generous. */
export const MAX_ARGUMENT_DEPTH = 32;

/** What a caller hears when our code failed: speakable, not retryable, no internal detail. */
export const DEFECT_MESSAGE =
  "Sorry, something went wrong on our side, so I couldn't do that. Please call the clinic directly.";

/** The answer to a defect; `INTERNAL_ERROR` is not a domain error: the domain did not expect it. */
export function defectAnswer(): ToolAnswer {
  return { ok: false, payload: { success: false, code: "INTERNAL_ERROR", message: DEFECT_MESSAGE, retryable: false } };
}

const UNREADABLE = "I couldn't read that request. Could you say it again?";
const UNKNOWN_TOOL = () =>
  DomainErrors.invalidInput("name", "I'm sorry, I can't do that here. I can book, check, move or cancel appointments.");

/** A thrown exception, or a store failure marked not retryable (an answer the code cannot read). */
type Outcome = Result<ToolSuccess, DomainError> | { readonly defect: unknown };

function readArguments(raw: unknown): Result<unknown, DomainError> {
  if (raw === undefined || raw === null || raw === "") return ok({});
  const value = typeof raw === "string" ? parseJson(raw) : raw;
  if (value === undefined || nestsDeeperThan(value, MAX_ARGUMENT_DEPTH)) {
    return err(DomainErrors.invalidInput("arguments", UNREADABLE));
  }
  return ok(value);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

async function decide(services: AppServices, input: ToolCallInput, found: (org: OrgId) => void): Promise<Outcome> {
  const { call, identity } = input;
  if (!call.readable) return err(DomainErrors.invalidInput("toolCall", UNREADABLE));
  const tool = findTool(call.name);
  if (tool === undefined) return err(UNKNOWN_TOOL());
  const args = readArguments(call.arguments).andThen((raw) => parseArguments(tool.schema, raw));
  if (args.isErr()) return err(args.error);
  const run = (orgId: OrgId) => {
    found(orgId);
    const context: ToolContext = { orgId, callerNumber: identity.callerNumber, idempotencyKey: input.idempotencyKey };
    return tool.run(services.deps, context, args.value);
  };
  return withCurrentSettings(services.settings, input.org, run);
}

export async function runToolCall(services: AppServices, log: Logger, input: ToolCallInput): Promise<ToolAnswer> {
  const started = performance.now();
  let orgId: OrgId | null = null;
  const outcome = await decide(services, input, (org) => {
    orgId = org;
  }).catch((defect: unknown): Outcome => ({ defect }));
  const seconds = (performance.now() - started) / 1000;
  const answer = answerOf(outcome);
  safely(() => report(services, log, input, { outcome, orgId, seconds }));
  return answer;
}

function isDefect(outcome: Outcome): outcome is { readonly defect: unknown } {
  return "defect" in outcome;
}

/** A store failure that is not retryable is a defect (an answer the code cannot read, a bug). */
function storeDefect(outcome: Outcome): DomainError | null {
  if (isDefect(outcome) || outcome.isOk()) return null;
  const e = outcome.error;
  return e.code === "STORE_UNAVAILABLE" && !e.retryable ? e : null;
}

function answerOf(outcome: Outcome): ToolAnswer {
  if (isDefect(outcome) || storeDefect(outcome) !== null) return defectAnswer();
  if (outcome.isOk()) return { ok: true, payload: outcome.value.payload };
  return { ok: false, payload: errorReply(outcome.error).payload };
}

interface Report {
  readonly outcome: Outcome;
  readonly orgId: OrgId | null;
  readonly seconds: number;
}

/** One log line and the metrics of the call. */
function report(services: AppServices, log: Logger, input: ToolCallInput, r: Report): void {
  const { call, identity } = input;
  const { outcome } = r;
  const label =
    isDefect(outcome) || storeDefect(outcome) !== null ? "DEFECT" : outcome.isOk() ? "ok" : outcome.error.code;
  const tool = findTool(call.name)?.name ?? "unknown";
  services.metrics.toolDuration.observe({ tool, outcome: label }, r.seconds);
  const fields = {
    // Bounded: a name or id is whatever the body said, and a log line must stay a line.
    tool: call.name.slice(0, 80),
    toolCallId: call.id.slice(0, 128),
    orgId: r.orgId,
    outcome: label,
    ms: Math.round(r.seconds * 1000),
    callerNumber: identity.callerNumber,
  };
  if (isDefect(outcome)) {
    log.error({ ...fields, err: outcome.defect, defect: true }, "tool call defect");
    return;
  }
  record(services, tool, outcome);
  if (outcome.isOk()) {
    log.info({ ...fields, ...outcome.value.facts }, "tool call answered");
    return;
  }
  const store = outcome.error.code === "STORE_UNAVAILABLE" ? outcome.error : null;
  const defect = storeDefect(outcome) !== null;
  const level = errorReply(outcome.error).status >= 500 ? "error" : "info";
  log[level]({ ...fields, cause: store?.cause, defect }, "tool call refused");
}

/** Logging and counting never cost the caller the answer (the booking may have committed already). */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // Nothing sensible is left to do: the answer is what matters.
  }
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
