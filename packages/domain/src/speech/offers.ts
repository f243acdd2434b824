/**
 * @module speech/offers
 * The free times a refusal offers instead, grouped by day: " The nearest free time is Monday
 * 7 December at 9am." / " The nearest free times are on Monday 7 December: 9, 9:30 and 10am."
 */
import { speakList } from "../values/spoken-list.ts";
import { speakWhen } from "./dates.ts";
import type { Voice } from "./locale.ts";
import { itemAt, speakSlotGroups } from "./slot-list.ts";

/** What a refusal needs of a free slot: its start (ISO, with offset), its words, and who is free then. */
export interface Offered {
  readonly startsAt: string;
  readonly spoken: string;
  readonly practitioners?: readonly string[] | undefined;
}

/**
 * The names to say with a free time: those its own words name (a clinic with several
 * practitioners for the service says "with Dr Patel or Sam"; one that has one says nobody).
 */
function namesSaid(o: Offered): readonly string[] | undefined {
  const names = o.practitioners ?? [];
  return names.length > 0 && o.spoken.includes(" with ") ? names : undefined;
}

/** The offer sentence (with its leading space), or `fallback` when there is nothing to offer. */
export function offerSentence(offered: readonly Offered[], voice: Voice | undefined, fallback = ""): string {
  if (offered.length === 0) return fallback;
  if (voice === undefined) return ` The nearest free times are ${offered.map((o) => o.spoken).join(", ")}.`;
  const items = offered.map((o) => itemAt(o.startsAt, voice, namesSaid(o)));
  const [only] = items;
  if (items.length === 1 && only !== undefined) {
    const who = only.with === undefined ? "" : ` with ${speakList(only.with, "or")}`;
    return ` The nearest free time is ${speakWhen(only.start, voice)}${who}.`;
  }
  const groups = speakSlotGroups(items, voice);
  return ` The nearest free times are ${groups.charAt(0).toLowerCase()}${groups.slice(1)}.`;
}
