/**
 * Practitioners and services through the Vapi tools, end to end through `app.request()` on the
 * demo clinic (Dr Patel and Sam; a 30-minute consultation by default, a 20-minute check-up, a
 * 60-minute first assessment with Dr Patel only): the README's flow — two patients booked at the
 * same time with two different practitioners ("anyone free"), a third told who is free when — and
 * named practitioners, unknown services, availability naming practitioners, find and reschedule.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORG, type Harness, startHarness, toolCalls, vapiPayloads } from "./support/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** The README's flat curl body (the clinic's old call), for `patient` with `phone`. */
const flatBooking = (patient: string, phone: string, extra: Record<string, unknown> = {}) => ({
  appointmentDate: "2026-12-01",
  appointmentTime: "14:30",
  patientName: patient,
  patientPhone: phone,
  serviceType: "Consultation",
  duration: 30,
  customer: { metadata: { org_id: DEMO_ORG } },
  ...extra,
});
const flat = async (tool: string, body: unknown) => {
  const res = await h.post(`/api/vapi/tools/${tool}`, body);
  expect(res.status).toBe(200);
  return JSON.parse(((await res.json()) as { toolResult: { content: string } }).toolResult.content) as Record<
    string,
    unknown
  >;
};
const call = async (name: string, args: Record<string, unknown>, caller = "+447700900123") => {
  const id = `${name}-${Math.random().toString(36).slice(2)}`;
  const res = await h.post("/api/vapi/tools", toolCalls([{ id, name, arguments: args }], { caller }));
  return vapiPayloads(await res.json(), [id])[0] as Record<string, unknown>;
};

describe("the README: anyone free", () => {
  it("books two patients at the same time with two different practitioners, and tells a third who is free when", async () => {
    const first = await flat("bookClinicAppointment", flatBooking("Test Patient", "+441234567890"));
    expect(first).toMatchObject({
      success: true,
      practitioner: "Dr Patel",
      service: "consultation",
      startsAt: "2026-12-01T14:30:00.000Z",
      endsAt: "2026-12-01T15:00:00.000Z",
      message: "You're booked for a consultation with Dr Patel on Tuesday 1 December at 2:30pm.",
    });
    const second = await flat("bookClinicAppointment", flatBooking("Second Patient", "+441234567891"));
    expect(second).toMatchObject({
      success: true,
      practitioner: "Sam",
      service: "consultation",
      message: "You're booked for a consultation with Sam on Tuesday 1 December at 2:30pm.",
    });
    const third = await flat("bookClinicAppointment", flatBooking("Third Patient", "+441234567892"));
    expect(third).toMatchObject({ success: false, code: "SLOT_UNAVAILABLE" });
    const alternatives = third.alternatives as { spoken: string; practitioners?: string[] }[];
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives[0]?.practitioners).toEqual(expect.arrayContaining(["Dr Patel", "Sam"]));
    expect(third.message).toMatch(/^Sorry, that time is already taken\. The nearest free time.* with Dr Patel or Sam/);
    expect((await h.counts()).appointments).toBe(2);
  });

  it("checkAvailability for a service names the practitioners free at each time", async () => {
    const answer = await flat("checkAvailability", {
      date: "2026-12-01",
      service: "check-up",
      customer: { metadata: { org_id: DEMO_ORG } },
    });
    expect(answer).toMatchObject({ success: true, service: "check-up", durationMinutes: 20 });
    const slots = answer.slots as { startsAt: string; practitioners?: string[] }[];
    const at = (local: string) => slots.find((s) => s.startsAt.startsWith(`2026-12-01T${local}`))?.practitioners;
    expect(at("09:00")).toEqual(["Dr Patel", "Sam"]);
    expect(answer.message).toMatch(/Dr Patel|Sam/);

    const assessment = await flat("checkAvailability", {
      date: "2026-12-01",
      service: "first assessment",
      customer: { metadata: { org_id: DEMO_ORG } },
    });
    const assessmentSlots = assessment.slots as { practitioners?: string[] }[];
    expect(new Set(assessmentSlots.flatMap((s) => s.practitioners ?? []))).toEqual(new Set(["Dr Patel"]));
  });
});

describe("named practitioners, services, find and reschedule", () => {
  it("a named practitioner who is busy: their nearest free times, and who else is free then", async () => {
    const patel = await call("bookClinicAppointment", {
      appointmentDate: "2026-12-02",
      appointmentTime: "11:00",
      patientName: "Ava Stone",
      practitioner: "Dr Patel",
      service: "check-up",
    });
    expect(patel).toMatchObject({ success: true, practitioner: "Dr Patel", service: "check-up" });
    expect(patel.endsAt).toBe("2026-12-02T11:20:00.000Z");

    const again = await call(
      "bookClinicAppointment",
      { appointmentDate: "2026-12-02", appointmentTime: "11:00", patientName: "Ben Ode", practitioner: "dr patel" },
      "+447700900456",
    );
    expect(again).toMatchObject({
      success: false,
      code: "PRACTITIONER_UNAVAILABLE",
      practitioner: "Dr Patel",
      othersFree: ["Sam"],
    });
    expect(again.message).toMatch(/^Sorry, Dr Patel isn't free then\..*Sam/);
    expect((again.alternatives as unknown[]).length).toBeGreaterThan(0);
  });

  it("a service or practitioner the clinic does not have is refused with what it has, spoken", async () => {
    const massage = await call("bookClinicAppointment", {
      appointmentDate: "2026-12-02",
      appointmentTime: "15:00",
      service: "deep tissue massage",
    });
    expect(massage).toMatchObject({ success: false, code: "UNKNOWN_SERVICE", asked: "deep tissue massage" });
    expect(massage.offered).toEqual(expect.arrayContaining(["consultation", "check-up", "first assessment"]));
    expect(massage.message).toMatch(/consultation.*check-up.*first assessment/);

    const who = await call("bookClinicAppointment", {
      appointmentDate: "2026-12-02",
      appointmentTime: "15:00",
      practitioner: "Dr House",
    });
    expect(who).toMatchObject({ success: false, code: "UNKNOWN_PRACTITIONER", asked: "Dr House" });
    expect(who.offered).toEqual(expect.arrayContaining(["Dr Patel", "Sam"]));
    expect((await h.counts()).appointments).toBe(3);
  });

  it("the legacy serviceType naming a service books it; a duration is ignored (the service decides the length)", async () => {
    const booked = await call(
      "bookClinicAppointment",
      {
        appointmentDate: "2026-12-03",
        appointmentTime: "09:00",
        patientName: "Cleo Hart",
        serviceType: "Checkup",
        duration: 90,
      },
      "+447700900789",
    );
    expect(booked).toMatchObject({ success: true, service: "check-up", endsAt: "2026-12-03T09:20:00.000Z" });
  });

  it("findAppointments says with whom and for what; reschedule keeps the practitioner unless asked for another", async () => {
    const caller = "+447700900321";
    const booked = await call(
      "bookClinicAppointment",
      { appointmentDate: "2026-12-04", appointmentTime: "10:00", patientName: "Dee Moss", practitioner: "Sam" },
      caller,
    );
    expect(booked).toMatchObject({ success: true, practitioner: "Sam", service: "consultation" });
    const found = await call("findAppointments", {}, caller);
    expect(found.appointments).toEqual([
      expect.objectContaining({ appointmentId: booked.appointmentId, practitioner: "Sam", service: "consultation" }),
    ]);
    expect(found.message).toMatch(/consultation with Sam/);

    const kept = await call(
      "rescheduleAppointment",
      { appointmentId: booked.appointmentId, newDate: "2026-12-04", newTime: "11:00" },
      caller,
    );
    expect(kept).toMatchObject({
      success: true,
      startsAt: "2026-12-04T11:00:00.000Z",
      practitioner: "Sam",
      service: "consultation",
    });
    expect((await call("findAppointments", {}, caller)).appointments).toEqual([
      expect.objectContaining({ practitioner: "Sam" }),
    ]);

    const moved = await call(
      "rescheduleAppointment",
      { appointmentId: booked.appointmentId, newDate: "2026-12-04", newTime: "11:00", practitioner: "Dr Patel" },
      caller,
    );
    expect(moved).toMatchObject({ success: true, practitioner: "Dr Patel" });
    expect(moved.message).toMatch(/with Dr Patel/);
    expect((await call("findAppointments", {}, caller)).appointments).toEqual([
      expect.objectContaining({ practitioner: "Dr Patel", startsAt: "2026-12-04T11:00:00.000Z" }),
    ]);
  });
});
