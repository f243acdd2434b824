/** Stored texts have limits, refused with a speakable INVALID_INPUT naming the field before anything is written. */
import { describe, expect, it } from "vitest";
import { bookAppointment, parseCaller, parseContactDetails, TEXT_LIMITS, withinLimit } from "../../src/index.ts";
import { amira, bookingWorld, DEMO } from "../support/booking-world.ts";

const thursday = { orgId: DEMO, date: "2026-12-03", time: "14:30", patient: amira };

describe("withinLimit", () => {
  it("takes a text up to the limit and refuses one longer, naming the field", () => {
    expect(TEXT_LIMITS).toEqual({ name: 200, email: 254, serviceType: 100 });
    expect(withinLimit("name", "N".repeat(200))._unsafeUnwrap()).toHaveLength(200);
    expect(withinLimit("name", "N".repeat(201))._unsafeUnwrapErr()).toMatchObject({
      code: "INVALID_INPUT",
      field: "name",
      message: "That name is longer than we can keep. Could you give me a shorter form of it?",
    });
    expect(withinLimit("serviceType", "S".repeat(101))._unsafeUnwrapErr().field).toBe("serviceType");
  });

  it("counts characters as Postgres does (code points), not UTF-16 units", () => {
    expect(withinLimit("name", "😀".repeat(200)).isOk()).toBe(true);
    expect(withinLimit("name", "😀".repeat(201)).isErr()).toBe(true);
  });
});

describe("contact details and caller details", () => {
  it("refuse a name or an email longer than we keep", () => {
    const longEmail = `${"a".repeat(250)}@example.com`;
    expect(
      parseContactDetails({ phone: "07700 900123", name: "N".repeat(201) }, "GB")._unsafeUnwrapErr(),
    ).toMatchObject({ code: "INVALID_INPUT", field: "name" });
    expect(parseContactDetails({ email: longEmail }, "GB")._unsafeUnwrapErr()).toMatchObject({
      code: "INVALID_INPUT",
      field: "email",
    });
    expect(parseCaller({ phone: "07700 900123", email: longEmail }, "GB")._unsafeUnwrapErr().code).toBe(
      "INVALID_INPUT",
    );
  });
});

describe("bookAppointment", () => {
  it.each([
    ["name", { patient: { ...amira, name: "N".repeat(20_000_000) } }],
    ["email", { patient: { ...amira, email: `${"e".repeat(300)}@example.com` } }],
    ["serviceType", { serviceType: `  ${"S".repeat(101)}  ` }],
  ])("refuses a %s longer than we keep and writes nothing", async (field, overrides) => {
    const { deps, db } = bookingWorld({ calendar: false });
    const e = (await bookAppointment(deps, { ...thursday, ...overrides }))._unsafeUnwrapErr();
    expect(e).toMatchObject({ code: "INVALID_INPUT", field });
    expect([db.allAppointments(), db.allContacts()]).toEqual([[], []]);
  });

  it("keeps a service type of exactly the limit, trimmed", async () => {
    const { deps } = bookingWorld({ calendar: false });
    const r = await bookAppointment(deps, { ...thursday, serviceType: ` ${"S".repeat(100)} ` });
    expect(r._unsafeUnwrap().appointment.serviceType).toBe("S".repeat(100));
  });
});
