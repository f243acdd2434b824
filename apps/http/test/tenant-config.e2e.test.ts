/**
 * The clinic comes from configuration: the assistant / phone-number mapping always; the
 * `assistant.metadata.org_id` and legacy `customer.metadata.org_id` fallbacks only where
 * `allowMetadataTenant` is on (outside production by default, `ALLOW_METADATA_TENANT=true` in it).
 */
import { DomainErrors, type OrgId, type TenantDirectory } from "@voxanne/domain";
import { errAsync, okAsync } from "neverthrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOrg } from "../src/vapi/tenant.ts";
import type { CallIdentity } from "../src/vapi/vapi-message.ts";
import { DEMO_ORG, type Harness, startHarness, toolCalls } from "./support/harness.ts";
import { COUNT_ROWS, FlatAnswer, payloadsOf, ToolCallsAnswer } from "./support/vapi-answers.ts";

const OTHER = "5a0c3c52-8a43-4bd6-9e3c-2a4c6d2f0e11" as OrgId;
const identity = (fields: Partial<CallIdentity>): CallIdentity => ({
  callId: null,
  assistantId: null,
  phoneNumberId: null,
  assistantOrgId: null,
  customerOrgId: null,
  callerNumber: null,
  ...fields,
});
const mapping: TenantDirectory = {
  orgForVapi: (ids) => (ids.assistantId === "asst_mapped" ? okAsync(OTHER) : errAsync(DomainErrors.unknownOrg())),
};

describe("resolveOrg", () => {
  it.each([
    [true, { assistantOrgId: DEMO_ORG }, DEMO_ORG],
    [true, { customerOrgId: DEMO_ORG }, DEMO_ORG],
    [true, { assistantId: "asst_unmapped", assistantOrgId: DEMO_ORG }, DEMO_ORG],
    [true, { assistantId: "asst_mapped", assistantOrgId: DEMO_ORG }, OTHER],
    [false, { assistantOrgId: DEMO_ORG }, "UNKNOWN_ORG"],
    [false, { customerOrgId: DEMO_ORG }, "UNKNOWN_ORG"],
    [false, { assistantId: "asst_unmapped", assistantOrgId: DEMO_ORG }, "UNKNOWN_ORG"],
    [false, { assistantId: "asst_mapped", assistantOrgId: DEMO_ORG }, OTHER],
  ] as const)("metadata allowed: %s, %j → %s", async (allowMetadata, fields, expected) => {
    const org = await resolveOrg({ tenants: mapping, allowMetadata }, identity(fields));
    expect(org.isOk() ? org.value : org.error.code).toBe(expected);
  });
});

describe("with ALLOW_METADATA_TENANT=false", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ ALLOW_METADATA_TENANT: "false" });
  });
  afterAll(() => h.close());

  const args = { appointmentDate: "2026-12-03", appointmentTime: "10:00", patientPhone: "07700 900321" };

  it("metadata alone names no clinic: UNKNOWN_ORG, nothing written", async () => {
    const before = await h.sql(COUNT_ROWS);
    const byAssistant = await h.post(
      "/api/vapi/tools",
      toolCalls([{ id: "m1", name: "bookClinicAppointment", arguments: args }], { assistantId: null, orgId: DEMO_ORG }),
    );
    expect(payloadsOf(ToolCallsAnswer.parse(await byAssistant.json()))[0]).toMatchObject({ code: "UNKNOWN_ORG" });
    const flat = await h.post("/api/vapi/tools/bookClinicAppointment", {
      ...args,
      customer: { metadata: { org_id: DEMO_ORG } },
    });
    expect(FlatAnswer.parse(await flat.json()).toolResult.content).toMatchObject({ code: "UNKNOWN_ORG" });
    expect(await h.sql(COUNT_ROWS)).toEqual(before);
  });

  it("the assistant mapping still names the clinic", async () => {
    const res = await h.post(
      "/api/vapi/tools",
      toolCalls([{ id: "m2", name: "bookClinicAppointment", arguments: args }]),
    );
    expect(payloadsOf(ToolCallsAnswer.parse(await res.json()))[0]).toMatchObject({ success: true });
    expect(await h.sql("select org_id from appointments")).toEqual([{ org_id: DEMO_ORG }]);
  });
});
