/**
 * @module vapi/tool-definitions
 * The tools as Vapi wants them pasted into an assistant: function name, description, JSON Schema
 * parameters generated from the very zod schemas that validate the calls, and our server URL.
 */
import { z } from "zod";
import { TOOLS } from "./tools.ts";

export interface VapiToolDefinition {
  readonly type: "function";
  readonly function: { readonly name: string; readonly description: string; readonly parameters: object };
  readonly server: { readonly url: string };
}

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
