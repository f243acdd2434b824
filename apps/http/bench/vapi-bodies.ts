/**
 * @module bench/vapi-bodies
 * Vapi `tool-calls` messages as the assistant sends them (see test/fixtures/vapi): the clinic is
 * found by the assistant id, the caller by `customer.number`.
 */
import type { Booking } from "./bookings.ts";

export const TOOLS_PATH = "/api/vapi/tools";

export function toolCall(
  assistantId: string,
  caller: string,
  id: string,
  name: string,
  args: Record<string, unknown>,
): Record<string, unknown> {
  return {
    message: {
      type: "tool-calls",
      toolCallList: [{ id, type: "function", function: { name, arguments: JSON.stringify(args) } }],
      call: { id: `call-${id}`, type: "inboundPhoneCall", assistantId, customer: { number: caller } },
      customer: { number: caller },
    },
  };
}

export const bookingCall = (b: Booking, id = `book-${b.clinic.assistantId}-${b.n}`) =>
  toolCall(b.clinic.assistantId, b.phone, id, "bookClinicAppointment", {
    appointmentDate: b.date,
    appointmentTime: b.time,
    patientName: b.name,
    serviceType: "Consultation",
  });

/** Whether a tool-calls answer's (first) result says `success: true`. */
export const succeeded = (body: string) => body.includes('\\"success\\":true');
