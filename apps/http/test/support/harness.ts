/**
 * The service as Vapi sees it, in process: composed from configuration like `pnpm start` (PGlite
 * in memory with the demo clinic), with a manual clock and logs captured as JSON lines.
 */
import { readFileSync } from "node:fs";
import { ManualClock } from "@voxanne/domain/testing";
import { type Composed, compose } from "../../src/composition.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/observability/logger.ts";

export const DEMO_ORG = "46cf2995-2bee-44e3-838b-24151486fe4e";
/** Saturday 21 November 2026, 10:00 in London. */
export const TODAY = "2026-11-21T10:00:00Z";

const FIXTURES = new URL("../fixtures/vapi/", import.meta.url);
export const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(name, FIXTURES), "utf8")) as Record<string, unknown>;

export interface Harness {
  readonly composed: Composed;
  readonly clock: ManualClock;
  readonly logs: Record<string, unknown>[];
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Row counts of every table a booking writes. */
  counts(): Promise<Record<string, number>>;
  sql<Row = Record<string, unknown>>(query: string, params?: unknown[]): Promise<Row[]>;
  close(): Promise<void>;
}

export async function startHarness(env: Record<string, string> = {}, now = TODAY): Promise<Harness> {
  const clock = new ManualClock(now);
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger("info", { write: (line: string) => void logs.push(JSON.parse(line)) });
  const config = loadConfig({ DATA_DIR: ":memory:", WORKER_ENABLED: "false", ...env });
  const composed = await compose(config, { clock, logger });
  const client = composed.backend.stores.sql;
  if (client === null) throw new Error("the harness expects the embedded store");
  const sql = <Row>(query: string, params: unknown[] = []) => client.query<Row>(query, params as never);
  return {
    composed,
    clock,
    logs,
    post: (path, body, headers = {}) =>
      Promise.resolve(
        composed.app.request(path, {
          method: "POST",
          body: typeof body === "string" ? body : JSON.stringify(body),
          headers: { "content-type": "application/json", ...headers },
        }),
      ),
    counts: async () => {
      const tables = ["organizations", "contacts", "appointments", "booking_receipts", "calendar_sync_jobs"];
      const rows = await Promise.all(
        tables.map((t) => sql<{ n: number }>(`select count(*)::int as n from ${t}`).then((r) => [t, r[0]?.n ?? -1])),
      );
      return Object.fromEntries(rows);
    },
    sql,
    close: () => composed.close(),
  };
}

/** A `tool-calls` message as Vapi sends it, for the demo clinic's assistant, from `caller`. */
export function toolCalls(
  calls: { id: string; name: string; arguments: unknown }[],
  options: { caller?: string | null; assistantId?: string | null; orgId?: string | null } = {},
): Record<string, unknown> {
  const caller = options.caller === undefined ? "+447700900123" : options.caller;
  const assistantId = options.assistantId === undefined ? "asst_demo_clinic" : options.assistantId;
  return {
    message: {
      type: "tool-calls",
      toolCallList: calls.map((c) => ({
        id: c.id,
        type: "function",
        function: { name: c.name, arguments: c.arguments },
      })),
      call: {
        id: "call-under-test",
        type: "inboundPhoneCall",
        ...(assistantId === null ? {} : { assistantId }),
        ...(caller === null ? {} : { customer: { number: caller } }),
      },
      ...(options.orgId === undefined || options.orgId === null
        ? {}
        : { assistant: { metadata: { org_id: options.orgId } } }),
      ...(caller === null ? {} : { customer: { number: caller } }),
    },
  };
}

export interface ToolResult {
  readonly toolCallId: string;
  readonly name?: string;
  readonly result?: string;
  readonly error?: string;
}

/** Asserts the body is what Vapi can read, and returns each result's parsed payload in order. */
export function vapiPayloads(body: unknown, expectedIds: string[]): Record<string, unknown>[] {
  const results = (body as { results?: ToolResult[] }).results;
  if (!Array.isArray(results)) throw new Error(`no results array in ${JSON.stringify(body)}`);
  if (JSON.stringify(results.map((r) => r.toolCallId)) !== JSON.stringify(expectedIds)) {
    throw new Error(
      `toolCallIds ${JSON.stringify(results.map((r) => r.toolCallId))} != ${JSON.stringify(expectedIds)}`,
    );
  }
  return results.map((r) => {
    const text = r.result ?? r.error;
    if (typeof text !== "string" || /[\r\n]/.test(text)) throw new Error(`result is not a single-line string: ${text}`);
    const payload = JSON.parse(text) as Record<string, unknown>;
    if (typeof payload.success !== "boolean" || typeof payload.message !== "string") {
      throw new Error(`payload lacks success/message: ${text}`);
    }
    if ((r.error !== undefined) === payload.success) throw new Error(`error field disagrees with success: ${text}`);
    return payload;
  });
}

/** Books Amira Khan for a Consultation on Thursday 3 December at `time` through a tool-calls message; the tool's payload. */
export async function bookThursday(h: Harness, toolCallId: string, time: string): Promise<Record<string, unknown>> {
  const res = await h.post(
    "/api/vapi/tools",
    toolCalls([
      {
        id: toolCallId,
        name: "bookClinicAppointment",
        arguments: {
          appointmentDate: "2026-12-03",
          appointmentTime: time,
          patientName: "Amira Khan",
          serviceType: "Consultation",
        },
      },
    ]),
  );
  return vapiPayloads(await res.json(), [toolCallId])[0] as Record<string, unknown>;
}
