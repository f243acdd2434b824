import { randomUUID } from "node:crypto";
import type { OrgId } from "@voxanne/domain";
import { type CalendarContractFixture, calendarGatewayContract } from "@voxanne/domain/testing";
import { describe, it } from "vitest";
import { heldEvents, linkOrg, useGoogleWorld } from "./support/google-world.ts";

describe("CalendarGateway contract: GoogleCalendarGateway on the Google emulator", () => {
  const world = useGoogleWorld();

  const fixture: CalendarContractFixture = {
    async linkedOrg() {
      const { orgId, grant } = await linkOrg(world());
      const otherCalendarId = "practitioner-calendar";
      world().emulator.calendars.addCalendar(grant.account, otherCalendarId);
      const events = async () => heldEvents(world().emulator, grant.account);
      const otherEvents = async () => heldEvents(world().emulator, grant.account, otherCalendarId);
      return { gateway: world().gateway, orgId, calendarId: "primary", otherCalendarId, events, otherEvents };
    },
    async unlinkedOrg() {
      return { gateway: world().gateway, orgId: randomUUID() as OrgId };
    },
  };
  for (const c of calendarGatewayContract) it(c.name, () => c.run(fixture));
});
