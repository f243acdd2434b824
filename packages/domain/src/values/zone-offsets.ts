/**
 * @module values/zone-offsets
 * A clinic's zone for luxon, with its UTC offsets remembered per hour. Luxon asks a zone for its
 * offset at every DateTime it makes (and twice at every `plus`), and an IANA zone answers each
 * time through `Intl` (`formatToParts`): that was most of the time taken to list a fortnight of
 * slots. The answers are luxon's own `IANAZone`'s: an hour is remembered only when the offsets at
 * its first and its last millisecond agree (no zone in the tz database changes its offset and back
 * within one hour); an hour holding a change is asked through `Intl` every time. Names luxon does
 * not read as an IANA zone (`UTC`, `UTC+3`, an unknown name) are left to luxon as they were.
 */
import { IANAZone, Info, Zone, type ZoneOffsetFormat, type ZoneOffsetOptions } from "luxon";

const HOUR = 3_600_000;
/** Remembered hours per zone before starting again (about eleven years of hours). */
const MAX_HOURS = 100_000;
/** Zones remembered before starting again. */
const MAX_ZONES = 1_000;

class RememberedOffsets extends Zone {
  readonly #iana: IANAZone;
  /** Per hour since the epoch: the offset all through it, or null when it changes inside it. */
  readonly #hours = new Map<number, number | null>();

  constructor(iana: IANAZone) {
    super();
    this.#iana = iana;
  }

  override get type(): string {
    return this.#iana.type;
  }

  override get name(): string {
    return this.#iana.name;
  }

  override get isUniversal(): boolean {
    return this.#iana.isUniversal;
  }

  override offsetName(ts: number, options: ZoneOffsetOptions): string | null {
    return this.#iana.offsetName(ts, options);
  }

  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    return this.#iana.formatOffset(ts, format);
  }

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR);
    let known = this.#hours.get(hour);
    if (known === undefined) {
      const first = this.#iana.offset(hour * HOUR);
      known = first === this.#iana.offset(hour * HOUR + HOUR - 1) ? first : null;
      if (this.#hours.size >= MAX_HOURS) this.#hours.clear();
      this.#hours.set(hour, known);
    }
    return known ?? this.#iana.offset(ts);
  }

  override equals(other: Zone): boolean {
    return this.#iana.equals(other);
  }

  override get isValid(): boolean {
    return this.#iana.isValid;
  }
}

const zones = new Map<string, Zone>();

/** The offsets (minutes east of UTC) of `name` when it is a valid IANA zone, remembered as above; else null. */
export function ianaOffsets(name: string): ((ts: number) => number) | null {
  const zone = zoneOf(name);
  return zone instanceof RememberedOffsets ? (ts) => zone.offset(ts) : null;
}

/** The zone named `name` as luxon reads it, its offsets remembered when it is an IANA zone. */
export function zoneOf(name: string): Zone {
  let zone = zones.get(name);
  if (zone === undefined) {
    const read = Info.normalizeZone(name);
    zone = read instanceof IANAZone && read.isValid ? new RememberedOffsets(read) : read;
    if (zones.size >= MAX_ZONES) zones.clear();
    zones.set(name, zone);
  }
  return zone;
}
