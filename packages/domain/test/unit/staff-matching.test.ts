import { describe, expect, it } from "vitest";
import { matchPractitioner, matchService, normaliseName } from "../../src/index.ts";
import { alex, assessment, checkUp, massage, patel, physioClinic, sam } from "../support/staffed-clinic.ts";

const { staff } = physioClinic();

describe("matchService", () => {
  it("matches a name or a synonym, ignoring case, spacing and punctuation", () => {
    for (const said of ["check-up", "Check Up", "  CHECKUP ", "routine   check", "check-up!"]) {
      expect(matchService(staff, { service: said })).toEqual({ kind: "matched", service: checkUp });
    }
    expect(matchService(staff, { service: "First Assessment" })).toEqual({ kind: "matched", service: assessment });
  });

  it("no service named: the default; a legacy serviceType is read as the service when it names one, else ignored", () => {
    expect(matchService(staff, {})).toEqual({ kind: "matched", service: checkUp });
    expect(matchService(staff, { serviceType: "sports massage" })).toEqual({ kind: "matched", service: massage });
    expect(matchService(staff, { serviceType: "Consultation" })).toEqual({ kind: "matched", service: checkUp });
  });

  it("an unknown service is refused with what the clinic offers, unless the clinic falls back to its default", () => {
    expect(matchService(staff, { service: "x-ray" })).toEqual({
      kind: "unknown",
      asked: "x-ray",
      offered: ["check-up", "first assessment", "sports massage"],
    });
    const lenient = physioClinic({ unknownServiceFallsBackToDefault: true }).staff;
    expect(matchService(lenient, { service: "x-ray" })).toEqual({ kind: "matched", service: checkUp });
  });

  it("an inactive service is neither matched nor offered", () => {
    const retired = {
      ...staff,
      services: staff.services.map((s) => (s.id === massage.id ? { ...s, active: false } : s)),
    };
    expect(matchService(retired, { service: "sports massage" })).toMatchObject({
      kind: "unknown",
      offered: ["check-up", "first assessment"],
    });
  });
});

describe("matchPractitioner", () => {
  it("absent, blank or 'anyone' is anyone", () => {
    for (const said of [undefined, null, "", "anyone", "Anybody", "no preference"]) {
      expect(matchPractitioner(staff, checkUp, said)).toEqual({ kind: "anyone" });
    }
  });

  it("a qualified practitioner by full name or by a unique part of it", () => {
    expect(matchPractitioner(staff, assessment, "dr patel")).toEqual({ kind: "named", practitioner: patel });
    expect(matchPractitioner(staff, assessment, "Patel")).toEqual({ kind: "named", practitioner: patel });
    expect(matchPractitioner(staff, checkUp, "ALEX")).toEqual({ kind: "named", practitioner: alex });
  });

  it("someone who does not offer the service, or nobody of that name, is refused with who does", () => {
    expect(matchPractitioner(staff, massage, "Sam")).toEqual({ kind: "unknown", asked: "Sam", offered: ["Alex"] });
    expect(matchPractitioner(staff, assessment, "Dr Who")).toEqual({
      kind: "unknown",
      asked: "Dr Who",
      offered: [patel.name, sam.name],
    });
  });
});

it("normaliseName folds case, accents, punctuation and spacing", () => {
  expect(normaliseName("  Dr.  Zoë   O'Neil ")).toBe("dr zoe o neil");
});
