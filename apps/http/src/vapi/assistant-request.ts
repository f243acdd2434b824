/**
 * @module vapi/assistant-request
 * The answer to Vapi's `assistant-request` (an inbound call to a number whose server URL is
 * ours): for the clinic mapped to the call's number (or assistant), its `assistantId` and
 * `assistantOverrides.variableValues` (`clinicName`, `clinicToday`, `clinicDate`, `clinicTime`,
 * `clinicZone`, `openingHours`), built by the domain's `describeClinicForCall`. A number mapped to
 * no clinic, or a store that cannot answer, gets Vapi's `{"error": "…"}`, which the caller hears:
 * HTTP 200, never a 5xx.
 */
import { type DomainError, describeClinicForCall, type OrgId } from "@voxanne/domain";
import type { ResultAsync } from "neverthrow";
import type { AppServices } from "../app-services.ts";
import type { Logger } from "../observability/logger.ts";

export type AssistantRequestAnswer =
  | {
      readonly assistantId?: string;
      readonly assistantOverrides: { readonly variableValues: Record<string, string> };
    }
  | { readonly error: string };

export async function answerAssistantRequest(
  services: AppServices,
  log: Logger,
  org: () => ResultAsync<OrgId, DomainError>,
): Promise<AssistantRequestAnswer> {
  const described = await org().andThen((orgId) => describeClinicForCall(services.deps, orgId));
  return described.match(
    ({ assistantId, variables }) => {
      if (assistantId === null) log.warn({ outcome: "NO_ASSISTANT" }, "assistant-request: the clinic has no assistant");
      log.info({ outcome: "ASSISTANT_REQUEST" }, "assistant-request answered");
      const overrides = { variableValues: { ...variables } };
      return assistantId === null ? { assistantOverrides: overrides } : { assistantId, assistantOverrides: overrides };
    },
    (error) => {
      log.warn({ outcome: error.code }, "assistant-request refused");
      return { error: error.message };
    },
  );
}
