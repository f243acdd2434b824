import { describe, expect, it } from "vitest";
import { bookClinicAppointmentArgs, cancelAppointmentArgs, parseArguments } from "../src/vapi/tool-arguments.ts";
import { toolDefinitions } from "../src/vapi/tool-definitions.ts";

describe("tool arguments", () => {
  it("treats nulls and blanks as not given and reads numbers sent as strings", () => {
    const parsed = parseArguments(bookClinicAppointmentArgs, {
      appointmentDate: "2026-12-03",
      appointmentTime: "2:30pm",
      patientEmail: null,
      patientPhone: "",
      duration: "45",
      clinic_id: "ignored",
    });
    expect(parsed._unsafeUnwrap()).toEqual({ appointmentDate: "2026-12-03", appointmentTime: "2:30pm", duration: 45 });
  });

  it("reads a phone number sent as a number", () => {
    const parsed = parseArguments(bookClinicAppointmentArgs, {
      appointmentDate: "2026-12-03",
      appointmentTime: "14:30",
      patientPhone: 447700900123,
    });
    expect(parsed._unsafeUnwrap().patientPhone).toBe("447700900123");
  });

  it.each([
    [{ appointmentTime: "14:30" }, "appointmentDate"],
    [{ appointmentDate: { day: 3 }, appointmentTime: "14:30" }, "appointmentDate"],
    [{ appointmentDate: "x".repeat(41), appointmentTime: "14:30" }, "appointmentDate"],
    [{ appointmentDate: "2026-12-03", appointmentTime: "14:30", duration: "half an hour" }, "duration"],
    [{ appointmentDate: "2026-12-03", appointmentTime: "14:30", duration: 2000 }, "duration"],
    [{ appointmentDate: "2026-12-03", appointmentTime: ["14:30"] }, "appointmentTime"],
  ])("refuses %j naming %s with a speakable message", (args, field) => {
    const error = parseArguments(bookClinicAppointmentArgs, args)._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "INVALID_INPUT", field });
    expect(error.message).toMatch(/\?$/);
  });

  it("hands a day in the caller's words to the domain, which resolves it in the clinic's zone", () => {
    const parsed = parseArguments(bookClinicAppointmentArgs, {
      appointmentDate: "next Tuesday",
      appointmentTime: "2.30pm",
    });
    expect(parsed._unsafeUnwrap()).toEqual({ appointmentDate: "next Tuesday", appointmentTime: "2.30pm" });
  });

  it("refuses arguments that are not an object", () => {
    expect(parseArguments(bookClinicAppointmentArgs, [1, 2])._unsafeUnwrapErr().field).toBe("arguments");
  });

  it("reads keys named like Object.prototype's properties as unknown keys, never as the prototype's", () => {
    const id = "5a0c3c52-8a43-4bd6-9e3c-2a4c6d2f0e11";
    const raw = JSON.parse(
      `{"constructor":"x","toString":1,"valueOf":{},"hasOwnProperty":null,"__proto__":{"appointmentId":"${id}"}}`,
    );
    const refused = parseArguments(cancelAppointmentArgs, raw)._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: "INVALID_INPUT", field: "appointmentId" });
    expect(typeof refused.message).toBe("string");
    const booked = parseArguments(bookClinicAppointmentArgs, {
      ...raw,
      appointmentDate: "2026-12-03",
      appointmentTime: "14:30",
    });
    expect(booked._unsafeUnwrap()).toEqual({ appointmentDate: "2026-12-03", appointmentTime: "14:30" });
  });

  it("never reads an inherited property", () => {
    const inherited = Object.create({ appointmentId: "5a0c3c52-8a43-4bd6-9e3c-2a4c6d2f0e11" });
    expect(parseArguments(cancelAppointmentArgs, inherited)._unsafeUnwrapErr().field).toBe("appointmentId");
  });
});

describe("tool definitions", () => {
  it("describe every tool with JSON Schema from the validating schemas and our server URL", () => {
    const defs = toolDefinitions("https://book.example.org/api/vapi/tools");
    expect(defs.map((d) => d.function.name)).toEqual([
      "bookClinicAppointment",
      "checkAvailability",
      "cancelAppointment",
      "rescheduleAppointment",
      "findAppointments",
    ]);
    const book = defs[0]?.function.parameters as { required: string[]; properties: Record<string, { type: string }> };
    expect(book.required).toEqual(["appointmentDate", "appointmentTime"]);
    expect(book.properties.duration?.type).toBe("integer");
    expect(defs.every((d) => d.server.url === "https://book.example.org/api/vapi/tools")).toBe(true);
  });
});
