import { describe, expect, it } from "vitest";
import {
  type Email,
  type OrgId,
  type PhoneNumber,
  planContactResolution,
  type StoredContact,
} from "../../src/index.ts";

const org = "46cf2995-2bee-44e3-838b-24151486fe4e" as OrgId;
const P = "+447700900123" as PhoneNumber;
const E = "amira@example.com" as Email;
const contact = (
  id: string,
  phone: PhoneNumber | null,
  email: Email | null,
  updatedSeq: number,
  name: string | null = null,
): StoredContact => ({
  id,
  orgId: org,
  phone,
  email,
  name,
  updatedSeq,
});

describe("ContactResolution (C3)", () => {
  it("a phone resolves to the contact with that phone, its name and email updated", () => {
    const plan = planContactResolution([contact("a", P, "old@example.com" as Email, 1)], {
      phone: P,
      email: E,
      name: "Amira",
    });
    expect(plan).toEqual({
      path: "phone",
      contact: contact("a", P, "old@example.com" as Email, 1),
      changes: { email: E, name: "Amira" },
    });
  });

  it("a phone nobody has goes to the phone-less contact with that email", () => {
    const plan = planContactResolution([contact("a", null, E, 1)], { phone: P, email: E, name: null });
    expect(plan).toEqual({ path: "promoted", contact: contact("a", null, E, 1), changes: { phone: P } });
  });

  it("a phone nobody has, with an email only a phone contact has, is a new contact", () => {
    const other = "+447700900999" as PhoneNumber;
    const plan = planContactResolution([contact("a", other, E, 1)], { phone: P, email: E, name: null });
    expect(plan).toEqual({ path: "created", details: { phone: P, email: E, name: null } });
  });

  it("an email alone resolves to the most recently updated contact with it, filling in a missing name", () => {
    const plan = planContactResolution(
      [contact("a", P, E, 5), contact("b", null, E, 9), contact("c", null, "x@example.com" as Email, 12)],
      {
        phone: null,
        email: E,
        name: "Amira",
      },
    );
    expect(plan).toEqual({ path: "email", contact: contact("b", null, E, 9), changes: { name: "Amira" } });
  });

  it("an email alone never renames a contact that has a name", () => {
    const plan = planContactResolution([contact("a", P, E, 5, "Amira Khan")], {
      phone: null,
      email: E,
      name: "Someone Else",
    });
    expect(plan).toEqual({ path: "email", contact: contact("a", P, E, 5, "Amira Khan"), changes: {} });
  });

  it("an unknown email alone is a new phone-less contact", () => {
    expect(planContactResolution([], { phone: null, email: E, name: null })).toEqual({
      path: "created",
      details: { phone: null, email: E, name: null },
    });
  });
});
