import { ok } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  isRegion,
  maskEmail,
  maskPhone,
  parseContactDetails,
  parseEmail,
  parseLocalDate,
  parseOrgId,
  parsePhoneNumber,
  parseWallTime,
  resolveLocalTime,
  speakWhen,
} from "../../src/index.ts";
import { remembered } from "../../src/values/remembered.ts";

describe("PhoneNumber", () => {
  it.each(["07700 900123", "+44 7700 900123", "0044 7700 900123", "+447700900123", "(07700) 900-123"])(
    "%s in a GB clinic is +447700900123",
    (raw) => {
      expect(parsePhoneNumber(raw, "GB")).toEqual(ok("+447700900123"));
    },
  );

  it("parses national numbers in the clinic's own region", () => {
    expect(parsePhoneNumber("(212) 555-0100", "US")).toEqual(ok("+12125550100"));
  });

  it("reads the same text again in each region, and again after it was remembered", () => {
    // The numbers read are remembered by region and text: a second reading must agree with the first,
    // and the same digits read in another region are that region's number.
    for (let i = 0; i < 2; i++) {
      expect(parsePhoneNumber("020 7946 0000", "GB")).toEqual(ok("+442079460000"));
      expect(parsePhoneNumber("020 7946 0000", "US")._unsafeUnwrapErr().code).toBe("INVALID_PHONE");
      expect(parsePhoneNumber(` ${"0".repeat(70)}7700 900123`, "GB")._unsafeUnwrapErr().code).toBe("INVALID_PHONE");
    }
  });

  it.each(["12345", "call me", "+44 77"])("refuses %s as INVALID_PHONE", (raw) => {
    expect(parsePhoneNumber(raw, "GB")._unsafeUnwrapErr().code).toBe("INVALID_PHONE");
  });

  it("masks all but the ends for logs", () => {
    expect(maskPhone("+447700900123")).toBe("+44*******123");
  });
});

describe("Region", () => {
  it.each(["GB", "US", "IE"])("%s is a region", (raw) => expect(isRegion(raw)).toBe(true));
  it.each(["gb", "UK", "", "Europe/London"])("%s is not", (raw) => expect(isRegion(raw)).toBe(false));
});

describe("Email", () => {
  it("trims and lower-cases", () => {
    expect(parseEmail("  Amira.Khan@Example.COM ")).toEqual(ok("amira.khan@example.com"));
  });
  it.each(["amira", "a@b", "a b@example.com"])("refuses %s", (raw) => {
    expect(parseEmail(raw)._unsafeUnwrapErr().code).toBe("INVALID_EMAIL");
  });
  it("masks the local part", () => {
    expect(maskEmail("amira.khan@example.com")).toBe("a***@example.com");
  });
});

describe("contact details", () => {
  it("needs a phone or an email", () => {
    const e = parseContactDetails({ name: "Amira", phone: " ", email: null }, "GB")._unsafeUnwrapErr();
    expect(e).toEqual({
      code: "MISSING_CONTACT_INFO",
      message: "I need a phone number or an email address to make the booking. What's the best number to reach you on?",
      retryable: false,
    });
  });
  it("normalises both", () => {
    expect(parseContactDetails({ name: " Amira  Khan ", phone: "07700 900123", email: "A@Example.com" }, "GB")).toEqual(
      ok({ phone: "+447700900123", email: "a@example.com", name: "Amira Khan" }),
    );
  });
  it("refuses a bad phone even with a good email, rather than booking without it", () => {
    expect(parseContactDetails({ phone: "123", email: "a@example.com" }, "GB")._unsafeUnwrapErr().code).toBe(
      "INVALID_PHONE",
    );
  });
});

describe("OrgId", () => {
  it("accepts a UUID in any case and refuses anything else as UNKNOWN_ORG", () => {
    expect(parseOrgId("46CF2995-2BEE-44E3-838B-24151486FE4E")).toEqual(ok("46cf2995-2bee-44e3-838b-24151486fe4e"));
    expect(parseOrgId("clinic-1")._unsafeUnwrapErr().code).toBe("UNKNOWN_ORG");
  });
});

describe("ClinicTime", () => {
  const london = "Europe/London";

  it.each([
    ["14:30", { hour: 14, minute: 30 }],
    ["14:30:00", { hour: 14, minute: 30 }],
    ["2:30pm", { hour: 14, minute: 30 }],
    ["2:30 PM", { hour: 14, minute: 30 }],
    ["12am", { hour: 0, minute: 0 }],
    ["12pm", { hour: 12, minute: 0 }],
    ["9 a.m.", { hour: 9, minute: 0 }],
  ])("reads the time %s", (raw, expected) => {
    expect(parseWallTime(raw)).toEqual(ok(expected));
  });

  it.each(["25:00", "14", "13pm", "half two", ""])("refuses the time %s", (raw) => {
    expect(parseWallTime(raw)._unsafeUnwrapErr().code).toBe("INVALID_INPUT");
  });

  it.each(["2026-02-30", "2026-13-01", "03/12/2026", "tomorrow"])("refuses the date %s", (raw) => {
    expect(parseLocalDate(raw)._unsafeUnwrapErr()).toMatchObject({ code: "INVALID_INPUT", field: "appointmentDate" });
  });

  it("is GMT in winter and BST in summer (no hard-coded offset)", () => {
    const winter = resolveLocalTime({ year: 2026, month: 12, day: 3 }, { hour: 14, minute: 30 }, london);
    const summer = resolveLocalTime({ year: 2026, month: 7, day: 3 }, { hour: 14, minute: 30 }, london);
    expect(winter.kind === "exact" && winter.at.toUTC().toISO()).toBe("2026-12-03T14:30:00.000Z");
    expect(summer.kind === "exact" && summer.at.toUTC().toISO()).toBe("2026-07-03T13:30:00.000Z");
  });

  it("2026-03-29 01:30 does not exist in London", () => {
    expect(resolveLocalTime({ year: 2026, month: 3, day: 29 }, { hour: 1, minute: 30 }, london)).toEqual({
      kind: "gap",
    });
  });

  it("2026-10-25 01:30 happens twice in London: the first (BST, 00:30 UTC) is the one we book", () => {
    const r = resolveLocalTime({ year: 2026, month: 10, day: 25 }, { hour: 1, minute: 30 }, london);
    expect(r.kind).toBe("ambiguous");
    if (r.kind !== "ambiguous") return;
    expect(r.at.toUTC().toISO()).toBe("2026-10-25T00:30:00.000Z");
    expect(r.later.toUTC().toISO()).toBe("2026-10-25T01:30:00.000Z");
  });

  it.each([
    ["Australia/Sydney", { year: 2027, month: 4, day: 4 }, { hour: 1, minute: 30 }, "exact"],
    ["Australia/Sydney", { year: 2027, month: 4, day: 4 }, { hour: 2, minute: 30 }, "ambiguous"],
    ["Australia/Sydney", { year: 2026, month: 10, day: 4 }, { hour: 2, minute: 30 }, "gap"],
    ["Pacific/Auckland", { year: 2027, month: 4, day: 4 }, { hour: 2, minute: 30 }, "ambiguous"],
    ["Pacific/Kiritimati", { year: 2026, month: 12, day: 3 }, { hour: 9, minute: 0 }, "exact"],
    ["America/New_York", { year: 2026, month: 11, day: 1 }, { hour: 1, minute: 30 }, "ambiguous"],
  ] as const)("far from UTC too: %s %j %j is %s", (zone, date, time, kind) => {
    expect(resolveLocalTime(date, time, zone).kind).toBe(kind);
  });

  it("speaks times the way a receptionist would", () => {
    const voice = { locale: "en-GB", zone: london, year: 2026 } as const;
    const r = resolveLocalTime({ year: 2026, month: 12, day: 3 }, { hour: 14, minute: 30 }, london);
    const nine = resolveLocalTime({ year: 2026, month: 12, day: 4 }, { hour: 9, minute: 0 }, london);
    expect(r.kind === "exact" && speakWhen(r.at, voice)).toBe("Thursday 3 December at 2:30pm");
    expect(nine.kind === "exact" && speakWhen(nine.at, voice)).toBe("Friday 4 December at 9am");
  });
});

describe("remembered", () => {
  it("computes a key's answer once, keeps null, and starts again past its bound", () => {
    let computed = 0;
    const ask = remembered<string | null>(2);
    const answer = (key: string) =>
      ask(key, () => {
        computed++;
        return key === "none" ? null : key.toUpperCase();
      });
    expect([answer("a"), answer("a"), answer("none"), answer("none")]).toEqual(["A", "A", null, null]);
    expect(computed).toBe(2);
    answer("b"); // a third key: the two kept are dropped first
    answer("a");
    expect(computed).toBe(4);
  });
});
