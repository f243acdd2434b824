/**
 * @module speech/caller-time
 * Times as callers (and models) say them: "14:30", "14.30", "2:30pm", "2.30pm", "2:30 p.m.",
 * "2 PM", "noon", "midday", "12 noon", "midnight". A bare hour ("2") is not a time: it could be
 * morning or afternoon, so it is refused and the caller asked again. "Half two" is out of scope.
 */

export interface SaidTime {
  readonly hour: number;
  readonly minute: number;
}

const WORDS: Readonly<Record<string, SaidTime>> = {
  noon: { hour: 12, minute: 0 },
  midday: { hour: 12, minute: 0 },
  "12 noon": { hour: 12, minute: 0 },
  "12 midday": { hour: 12, minute: 0 },
  midnight: { hour: 0, minute: 0 },
  "12 midnight": { hour: 0, minute: 0 },
};

const CLOCK = /^(\d{1,2})(?:[:.](\d{2}))?(?::00)?\s*([ap])?(?:\s*\.?\s*m\.?)?$/;

/** The wall time the words name, or `null` when they name none (or more than one). */
export function readSaidTime(raw: string): SaidTime | null {
  const said = raw.trim().toLowerCase().replace(/\s+/g, " ");
  const word = Object.hasOwn(WORDS, said) ? WORDS[said] : undefined;
  if (word !== undefined) return word;
  const m = CLOCK.exec(said);
  if (m === null || (m[3] === undefined && /m\.?$/.test(said))) return null;
  const hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  if (minute > 59) return null;
  if (m[3] === undefined) return m[2] === undefined || hour > 23 ? null : { hour, minute };
  if (hour < 1 || hour > 12) return null;
  return { hour: (hour % 12) + (m[3] === "p" ? 12 : 0), minute };
}
