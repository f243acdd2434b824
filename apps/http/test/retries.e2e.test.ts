/**
 * A2 end to end through `app.request()`: the same book, cancel or reschedule tool call sent 20
 * times at once, or 5 times in sequence with another move in between, changes once and answers
 * alike; a replay never claims an appointment that is no longer live; the README's flat curl
 * (no call id, so never replayed) books again after a cancellation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixture, type Harness, startHarness, toolCalls, vapiPayloads } from "./support/harness.ts";

const CALLER = "+447700900123";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.sql("truncate contacts, appointments, booking_receipts, calendar_sync_jobs cascade");
});

/** Sends one tool call from `caller` (the same id every time: a retry) and answers its payload. */
function sender(id: string, name: string, args: Record<string, unknown>, caller = CALLER) {
  return async () => {
    const res = await h.post("/api/vapi/tools", toolCalls([{ id, name, arguments: args }], { caller }));
    expect(res.status).toBe(200);
    return vapiPayloads(await res.json(), [id])[0] as Record<string, unknown>;
  };
}

const book = sender("call_book", "bookClinicAppointment", {
  appointmentDate: "2026-12-03",
  appointmentTime: "14:30",
  patientName: "Amira Khan",
});

async function booked(): Promise<string> {
  const answer = await book();
  expect(answer).toMatchObject({ success: true });
  return String(answer.appointmentId);
}

const moveTo = (id: string, toolCallId: string, time: string) =>
  sender(toolCallId, "rescheduleAppointment", { appointmentId: id, newDate: "2026-12-04", newTime: time });
const cancel = (id: string, toolCallId = "call_cancel") =>
  sender(toolCallId, "cancelAppointment", { appointmentId: id });

const twentyAtOnce = (send: () => Promise<Record<string, unknown>>) =>
  Promise.all(Array.from({ length: 20 }, () => send()));

const appointments = () => h.sql("select status, starts_at, version from appointments order by created_at");

describe("twenty identical tool calls at once", () => {
  it("book: one appointment, one contact, one receipt, twenty identical answers", async () => {
    const answers = await twentyAtOnce(book);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({
      success: true,
      message: "You're booked for a consultation with Dr Patel on Thursday 3 December at 2:30pm.",
    });
    expect(await h.counts()).toMatchObject({ contacts: 1, appointments: 1, booking_receipts: 1 });
  });

  it("cancel: one cancellation, twenty identical answers", async () => {
    const id = await booked();
    const answers = await twentyAtOnce(cancel(id));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ success: true, alreadyCancelled: false });
    expect(await appointments()).toEqual([
      { status: "cancelled", starts_at: new Date("2026-12-03T14:30:00Z"), version: 2 },
    ]);
    expect((await h.counts()).booking_receipts).toBe(2); // the booking's and the cancellation's, once each
  });

  it("reschedule: one move, twenty identical answers", async () => {
    const id = await booked();
    const answers = await twentyAtOnce(moveTo(id, "call_move", "10:00"));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({
      success: true,
      message: "Done: your appointment is now a consultation with Dr Patel on Friday 4 December at 10am.",
    });
    expect(await appointments()).toEqual([
      { status: "booked", starts_at: new Date("2026-12-04T10:00:00Z"), version: 2 },
    ]);
  });
});

describe("five times in sequence, with another move in between", () => {
  it("reschedule: the retries never undo the later move, and say where the appointment is now", async () => {
    const id = await booked();
    const retried = moveTo(id, "call_move", "10:00");
    const first = await retried();
    expect(first).toMatchObject({
      success: true,
      message: "Done: your appointment is now a consultation with Dr Patel on Friday 4 December at 10am.",
    });
    expect(await moveTo(id, "call_other_move", "15:00")()).toMatchObject({ success: true });
    const retries = [await retried(), await retried(), await retried(), await retried()];
    expect(new Set(retries.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(retries[0]).toMatchObject({
      success: true,
      startsAt: "2026-12-04T15:00:00.000Z",
      message: "That appointment was moved again since: it is now Friday 4 December at 3pm.",
    });
    expect(await appointments()).toEqual([
      { status: "booked", starts_at: new Date("2026-12-04T15:00:00Z"), version: 3 },
    ]);
  });

  it("book: one appointment; the retries say it was moved since, and where it is", async () => {
    const first = await book();
    expect(await moveTo(String(first.appointmentId), "call_other_move", "15:00")()).toMatchObject({ success: true });
    const retries = [await book(), await book(), await book(), await book()];
    expect(new Set(retries.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(retries[0]).toMatchObject({
      success: true,
      appointmentId: first.appointmentId,
      message:
        "That booking was moved since: you're booked for a consultation with Dr Patel on Friday 4 December at 3pm.",
    });
    expect(await h.counts()).toMatchObject({ appointments: 1, booking_receipts: 2 });
  });

  it("cancel: five identical answers, and the move in between is refused", async () => {
    const id = await booked();
    const retried = cancel(id);
    const first = await retried();
    expect(await moveTo(id, "call_other_move", "15:00")()).toMatchObject({
      success: false,
      code: "APPOINTMENT_CANCELLED",
    });
    const retries = [await retried(), await retried(), await retried(), await retried()];
    for (const r of retries) expect(r).toEqual(first);
    expect(await appointments()).toEqual([
      { status: "cancelled", starts_at: new Date("2026-12-03T14:30:00Z"), version: 2 },
    ]);
  });

  it("book retried after a cancellation does not claim the booking, and books nothing", async () => {
    const id = await booked();
    await cancel(id)();
    const before = await h.counts();
    expect(await book()).toEqual({
      success: false,
      code: "APPOINTMENT_CANCELLED",
      message:
        "That appointment was cancelled since, so nothing is booked for Thursday 3 December at 2:30pm. Shall I book a new one?",
      retryable: false,
    });
    expect(await h.counts()).toEqual(before);
  });
});

describe("messages without a tool-call id", () => {
  const flat = () =>
    h
      .post("/api/vapi/tools/bookClinicAppointment", fixture("flat-book-legacy.json"))
      .then((r) => r.json())
      .then((body) => JSON.parse((body as { toolResult: { content: string } }).toolResult.content));

  it("the README's flat curl sent again after a cancellation books again, and the booking it names is live", async () => {
    const first = await flat();
    expect(first).toMatchObject({
      success: true,
      message: "You're booked for a consultation with Dr Patel on Thursday 10 December at 2:30pm.",
    });
    // Cancelled by the caller the curl booked for (its patientPhone), as Vapi would send it.
    const cancel = sender("call_x", "cancelAppointment", { appointmentId: first.appointmentId }, "+441234567890");
    const cancelled = await cancel();
    expect(cancelled).toMatchObject({ success: true });
    const again = await flat();
    expect(again).toMatchObject({
      success: true,
      message: "You're booked for a consultation with Dr Patel on Thursday 10 December at 2:30pm.",
    });
    expect(again.appointmentId).not.toBe(first.appointmentId);
    const rows = await h.sql("select id, status from appointments order by created_at");
    expect(rows).toEqual([
      { id: first.appointmentId, status: "cancelled" },
      { id: again.appointmentId, status: "booked" },
    ]);
  });

  it("a legacy function-call retried (same call id) after the clinic cancelled says so and books nothing", async () => {
    const send = () =>
      h
        .post("/api/vapi/tools", fixture("function-call-legacy.json"))
        .then((r) => r.json() as Promise<{ result: string }>);
    const first = JSON.parse((await send()).result);
    expect(first).toMatchObject({ success: true });
    await h.sql("update appointments set status = 'cancelled', version = version + 1 where id = $1", [
      first.appointmentId,
    ]);
    const before = await h.counts();
    const retry = JSON.parse((await send()).result);
    expect(retry).toMatchObject({ success: false, code: "APPOINTMENT_CANCELLED" });
    expect(retry.message).toContain("nothing is booked for Monday 7 December at 9am");
    expect(await h.counts()).toEqual(before);
  });
});
