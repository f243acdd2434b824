/**
 * @module bench/round-trips
 * Database statements per tool call, counted through the service: composed in process over
 * embedded PGlite, its SQL client wrapped so every statement is recorded, each tool called the
 * way Vapi calls it. One statement is one round trip (every store call is one SQL function).
 * Counted on the warm path: one call (not counted) first warms the settings cache, as the first
 * call for a clinic in a process does (it reads the tenant and the clinic: two more statements).
 */
import type { SqlClient } from "@voxanne/adapter-supabase";
import { bookingSequence } from "./bookings.ts";
import { createClinic } from "./clinics.ts";
import { composeLocal } from "./targets.ts";
import { succeeded, TOOLS_PATH, toolCall } from "./vapi-bodies.ts";

export const TOOL_CASES = [
  "book",
  "replay",
  "refusal",
  "checkAvailability",
  "findAppointments",
  "rescheduleAppointment",
  "cancelAppointment",
] as const;
export type ToolCase = (typeof TOOL_CASES)[number];

export interface RoundTrips {
  readonly statements: number;
  /** The SQL functions called, in order. */
  readonly functions: readonly string[];
  /** Whether the tool answered `success: true` (a refusal is expected to answer false). */
  readonly success: boolean;
}

/** Records every statement `client` runs from now on (the stores call it through this object). */
function recordStatements(client: SqlClient): string[] {
  const seen: string[] = [];
  const { query, exec } = client;
  client.query = <Row>(sql: string, params?: Parameters<SqlClient["query"]>[1]) => {
    seen.push(sql);
    return query.call<SqlClient, Parameters<SqlClient["query"]>, Promise<Row[]>>(client, sql, params);
  };
  client.exec = (sql) => {
    seen.push(sql);
    return exec.call(client, sql);
  };
  return seen;
}

const functionName = (sql: string) => /public\.([a-z_]+)\(/.exec(sql)?.[1] ?? sql.slice(0, 40);

/** Each tool case's statements, counted on a fresh in-memory service. */
export async function countRoundTrips(): Promise<Record<ToolCase, RoundTrips>> {
  const local = await composeLocal({ DATA_DIR: ":memory:" });
  try {
    const clinic = await createClinic(local.request, "asst_bench_round_trips");
    const next = bookingSequence([clinic], "rt");
    const [slot, later] = [next(), next()];
    const seen = recordStatements(local.sql);
    const counts: Partial<Record<ToolCase, RoundTrips>> = {};
    const warmUp = toolCall(clinic.assistantId, slot.phone, "rt-warm", "checkAvailability", { date: later.date });
    await local.request(TOOLS_PATH, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(warmUp),
    });
    const call = async (name: ToolCase, id: string, tool: string, args: Record<string, unknown>) => {
      seen.length = 0;
      const body = JSON.stringify(toolCall(clinic.assistantId, slot.phone, id, tool, args));
      const res = await local.request(TOOLS_PATH, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      const text = await res.text();
      counts[name] = { statements: seen.length, functions: seen.map(functionName), success: succeeded(text) };
      return text;
    };
    const book = { appointmentDate: slot.date, appointmentTime: slot.time, patientName: slot.name };
    const booked = await call("book", "rt-book", "bookClinicAppointment", book);
    await call("replay", "rt-book", "bookClinicAppointment", book);
    await call("refusal", "rt-clash", "bookClinicAppointment", book);
    await call("checkAvailability", "rt-check", "checkAvailability", { date: slot.date });
    await call("findAppointments", "rt-find", "findAppointments", {});
    const appointmentId = appointmentIdIn(booked);
    await call("rescheduleAppointment", "rt-move", "rescheduleAppointment", {
      appointmentId,
      newDate: later.date,
      newTime: later.time,
    });
    await call("cancelAppointment", "rt-cancel", "cancelAppointment", { appointmentId });
    return counts as Record<ToolCase, RoundTrips>;
  } finally {
    await local.composed.close();
  }
}

function appointmentIdIn(answer: string): string {
  const results = (JSON.parse(answer) as { results?: { result?: string }[] }).results;
  const payload = JSON.parse(results?.[0]?.result ?? "{}") as { appointmentId?: string };
  if (payload.appointmentId === undefined) throw new Error(`the booking failed: ${answer}`);
  return payload.appointmentId;
}
