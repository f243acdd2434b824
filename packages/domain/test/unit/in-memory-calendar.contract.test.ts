import { randomUUID } from "node:crypto";
import { describe, it } from "vitest";
import { type CalendarContractFixture, calendarGatewayContract } from "../../src/testing/calendar-gateway.contract.ts";
import { InMemoryCalendarGateway } from "../../src/testing/index.ts";
import type { OrgId } from "../../src/values/org-id.ts";

const inMemory: CalendarContractFixture = {
  async linkedOrg() {
    const orgId = randomUUID() as OrgId;
    const gateway = new InMemoryCalendarGateway().link(orgId);
    const eventsOf = async (calendarId: string) =>
      gateway
        .events(orgId, calendarId)
        .map(({ event, status }) => ({ eventId: event.eventId, status, start: event.start, end: event.end }));
    return {
      gateway,
      orgId,
      calendarId: "primary",
      otherCalendarId: "dr-patel",
      events: () => eventsOf("primary"),
      otherEvents: () => eventsOf("dr-patel"),
    };
  },
  async unlinkedOrg() {
    return { gateway: new InMemoryCalendarGateway(), orgId: randomUUID() as OrgId };
  },
};

describe("CalendarGateway contract: in memory", () => {
  for (const c of calendarGatewayContract) it(c.name, () => c.run(inMemory));
});
