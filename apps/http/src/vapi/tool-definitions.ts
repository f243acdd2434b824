/**
 * @module vapi/tool-definitions
 * The tools as Vapi wants them pasted into an assistant: function name, description, JSON Schema
 * parameters generated from the very zod schemas that validate the calls, and our server URL.
 * The generic definitions take any service and practitioner name (the demo); a clinic's own
 * (`clinicToolDefinitions`) list its services and practitioners as JSON Schema `enum`s with
 * descriptions, so the assistant can only ask for what exists, and leave out `duration` unless
 * the clinic lets callers choose a length.
 */
import {
  activePractitioners,
  activeServices,
  type ClinicStaff,
  type Practitioner,
  type Service,
  speakList,
} from "@voxanne/domain";
import { z } from "zod";
import { TOOLS } from "./tools.ts";

export interface VapiToolDefinition {
  readonly type: "function";
  readonly function: { readonly name: string; readonly description: string; readonly parameters: JsonObject };
  readonly server: { readonly url: string };
}

interface JsonObject {
  readonly type?: unknown;
  readonly properties?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** Said for "no preference": matched by the domain like an absent practitioner. */
export const ANYONE = "anyone";

export function toolDefinitions(serverUrl: string): VapiToolDefinition[] {
  return TOOLS.map((tool) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(tool.schema, { io: "input" });
    return {
      type: "function",
      function: { name: tool.name, description: tool.description, parameters },
      server: { url: serverUrl },
    };
  });
}

/** The definitions for one clinic: its service and practitioner names as enums. */
export function clinicToolDefinitions(serverUrl: string, staff: ClinicStaff): VapiToolDefinition[] {
  const services = activeServices(staff).filter((s) => offeredBy(staff, s).length > 0);
  const practitioners = activePractitioners(staff);
  const properties: Record<"service" | "practitioner", Enumerated> = {
    service: {
      enum: services.map((s) => s.name),
      said: `The clinic offers: ${services.map((s) => serviceLine(staff, s)).join("; ")}.`,
    },
    practitioner: {
      enum: [...practitioners.map((p) => p.name), ANYONE],
      said: `The clinic's practitioners: ${speakList(practitioners.map((p) => p.name))}.`,
    },
  };
  return toolDefinitions(serverUrl).map((d) => ({
    ...d,
    function: { ...d.function, parameters: withClinicFields(d.function.parameters, properties, staff) },
  }));
}

function offeredBy(staff: ClinicStaff, s: Service): Practitioner[] {
  return activePractitioners(staff).filter((p) => s.practitionerIds.includes(p.id));
}

function serviceLine(staff: ClinicStaff, s: Service): string {
  const also = s.synonyms.length === 0 ? "" : `, also called ${speakList(s.synonyms, "or")}`;
  const who = speakList(
    offeredBy(staff, s).map((p) => p.name),
    "or",
  );
  return `${s.name} (${s.durationMinutes} minutes${also}; with ${who})`;
}

/** A field's allowed values, and what to add to its description. */
interface Enumerated {
  readonly enum: readonly string[];
  readonly said: string;
}

/** The clinic's enums on the free-text fields; `duration` only where the clinic reads it. */
function withClinicFields(
  parameters: JsonObject,
  clinic: Record<"service" | "practitioner", Enumerated>,
  staff: ClinicStaff,
): JsonObject {
  const properties = { ...(parameters.properties ?? {}) };
  for (const key of ["service", "practitioner"] as const) {
    const field = properties[key] as { description?: string } | undefined;
    if (field === undefined) continue;
    properties[key] = {
      ...field,
      enum: clinic[key].enum,
      description: `${field.description ?? ""}. ${clinic[key].said}`,
    };
  }
  if (!staff.policy.allowDurationOverride) delete properties.duration;
  return { ...parameters, properties };
}
