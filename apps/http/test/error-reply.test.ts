import { type DomainError, DomainErrors, ERROR_CODES } from "@voxanne/domain";
import { describe, expect, it } from "vitest";
import { errorReply } from "../src/errors/error-reply.ts";

const slot = {
  startsAt: "2026-12-03T14:30:00.000+00:00",
  endsAt: "2026-12-03T15:00:00.000+00:00",
  spoken: "Thursday 3 December at 2:30pm",
};
const oneOfEach: DomainError[] = [
  DomainErrors.missingContactInfo(),
  DomainErrors.callerNotVerified("change"),
  DomainErrors.invalidPhone("123"),
  DomainErrors.invalidEmail("x@"),
  DomainErrors.invalidInput("appointmentDate", "Which day?"),
  DomainErrors.slotUnavailable([slot]),
  DomainErrors.slotInPast("Saturday 21 November"),
  DomainErrors.nonexistentLocalTime("Sunday 29 March", [slot]),
  DomainErrors.outsideOpeningHours("We open at 9am.", [slot]),
  DomainErrors.tooShortNotice(60, [slot]),
  DomainErrors.beyondBookingHorizon("Friday 19 February"),
  DomainErrors.unknownOrg(),
  DomainErrors.appointmentNotFound(),
  DomainErrors.appointmentInPast(),
  DomainErrors.appointmentCancelled(),
  DomainErrors.calendarNotLinked(),
  DomainErrors.calendarReauthRequired(),
  DomainErrors.calendarUnavailable(),
  DomainErrors.settingsStale(4),
  DomainErrors.storeUnavailable("ECONNREFUSED 10.0.0.3"),
  DomainErrors.unknownService("massage", ["consultation", "check-up"]),
  DomainErrors.unknownPractitioner("Dr House", ["Dr Patel", "Sam"]),
  DomainErrors.practitionerUnavailable("Dr Patel", [slot], ["Sam"]),
  DomainErrors.notInCatalog("service", "s-1"),
];

describe("errors at the edge", () => {
  it("covers every error code", () => {
    expect(new Set(oneOfEach.map((e) => e.code))).toEqual(new Set(ERROR_CODES));
  });

  it.each(oneOfEach.map((e) => [e.code, e] as const))("%s has a status and a speakable payload", (_code, error) => {
    const reply = errorReply(error);
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.payload).toMatchObject({ success: false, code: error.code, message: error.message });
    expect(reply.payload.message).not.toMatch(/\n/);
  });

  it("offers alternatives and today's date, and never leaks an internal cause", () => {
    expect(errorReply(DomainErrors.slotUnavailable([slot])).payload.alternatives).toEqual([slot]);
    expect(errorReply(DomainErrors.slotInPast("Saturday 21 November")).payload.today).toBe("Saturday 21 November");
    expect(JSON.stringify(errorReply(DomainErrors.storeUnavailable("ECONNREFUSED 10.0.0.3")))).not.toContain(
      "ECONNREFUSED",
    );
    expect(errorReply(DomainErrors.storeUnavailable()).status).toBe(503);
    expect(errorReply(DomainErrors.settingsStale(4)).status).toBe(503);
  });

  it("names who is free, and what the clinic offers, in the payload", () => {
    expect(errorReply(DomainErrors.practitionerUnavailable("Dr Patel", [slot], ["Sam"]))).toMatchObject({
      status: 409,
      payload: { practitioner: "Dr Patel", alternatives: [slot], othersFree: ["Sam"] },
    });
    expect(errorReply(DomainErrors.unknownService("massage", ["consultation"]))).toMatchObject({
      status: 422,
      payload: { asked: "massage", offered: ["consultation"] },
    });
    expect(errorReply(DomainErrors.notInCatalog("practitioner", "p-9")).status).toBe(404);
  });
});
