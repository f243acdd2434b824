/**
 * @module values/retry-key
 * What makes a retried tool call recognisable (A2): Vapi's tool-call id within its call, kept as
 * long as the appointment matters, or, for messages without one, a key derived from the call id
 * and the arguments that lives only as long as a call can (`windowSeconds`).
 */
export interface RetryKey {
  readonly key: string;
  /** How long a retry is recognised; `null`: for as long as the answer is kept. */
  readonly windowSeconds: number | null;
}

/** How long a call can last: a key derived from the arguments is forgotten after it. */
export const DERIVED_KEY_WINDOW_SECONDS = 15 * 60;
