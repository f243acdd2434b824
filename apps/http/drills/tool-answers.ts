/**
 * @module drills/tool-answers
 * Bookings sent to a live service over HTTP as Vapi tool calls, and what came back, read the way
 * Vapi reads it: the HTTP status, then the first result's payload (`success`, `code`, `message`,
 * `appointmentId`, `calendarSynced`). A request that got no answer (refused connection, reset,
 * timeout) is recorded as such, never thrown.
 */
import type { Booking } from "../bench/bookings.ts";
import { bookingCall, TOOLS_PATH } from "../bench/vapi-bodies.ts";

export interface ToolAnswer {
  /** The HTTP status, or 0 when no answer came. */
  readonly status: number;
  readonly booked: boolean;
  readonly appointmentId: string | null;
  readonly code: string | null;
  readonly message: string | null;
  readonly calendarSynced: boolean | null;
  /** Why no answer came (or why it could not be read). */
  readonly failure: string | null;
}

const noAnswer = (status: number, failure: string): ToolAnswer => ({
  status,
  booked: false,
  appointmentId: null,
  code: null,
  message: null,
  calendarSynced: null,
  failure,
});

interface Payload {
  readonly success?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly appointmentId?: unknown;
  readonly calendarSynced?: unknown;
}

/** The first result's payload of a tool-calls answer, as a ToolAnswer. */
export function readAnswer(status: number, text: string): ToolAnswer {
  try {
    const body = JSON.parse(text) as { results?: { result?: string; error?: string }[] };
    const first = body.results?.[0];
    const raw = first?.result ?? first?.error;
    if (raw === undefined) return noAnswer(status, `no result in ${text.slice(0, 200)}`);
    const p = JSON.parse(raw) as Payload;
    return {
      status,
      booked: p.success === true,
      appointmentId: typeof p.appointmentId === "string" ? p.appointmentId : null,
      code: typeof p.code === "string" ? p.code : null,
      message: typeof p.message === "string" ? p.message : null,
      calendarSynced: typeof p.calendarSynced === "boolean" ? p.calendarSynced : null,
      failure: null,
    };
  } catch {
    return noAnswer(status, `unreadable answer ${text.slice(0, 200)}`);
  }
}

/** Sends `b` as a booking tool call to the service at `url` (toolCallId `id`); never throws. */
export async function sendBooking(url: string, b: Booking, id?: string): Promise<ToolAnswer> {
  try {
    const res = await fetch(`${url}${TOOLS_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(bookingCall(b, id)),
      signal: AbortSignal.timeout(30_000),
    });
    return readAnswer(res.status, await res.text());
  } catch (e) {
    return noAnswer(0, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}

/**
 * `lanes` callers booking from `next` one after another at the service `url()` answers (it may
 * change between requests: a restart), until `stop()` says so; every answer, in order of arrival.
 */
export async function bookUntil(
  url: () => string,
  next: () => Booking,
  lanes: number,
  stop: () => boolean,
  onAnswer: (a: ToolAnswer) => void = () => undefined,
): Promise<ToolAnswer[]> {
  const answers: ToolAnswer[] = [];
  const lane = async () => {
    while (!stop()) {
      const a = await sendBooking(url(), next());
      answers.push(a);
      onAnswer(a);
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return answers;
}

/** Answers whose HTTP status was a 5xx. */
export const serverErrors = (answers: readonly ToolAnswer[]) => answers.filter((a) => a.status >= 500).length;

/** The appointment ids of the answers that said `success: true`. */
export const bookedIds = (answers: readonly ToolAnswer[]) =>
  answers.flatMap((a) => (a.booked && a.appointmentId !== null ? [a.appointmentId] : []));
