/**
 * @module values/remembered
 * A pure function's answers kept by key, bounded: past `max` keys it starts again (a clear, not
 * an eviction order: the hot keys come back at once). For answers that depend only on their key
 * and cost tens of microseconds (libphonenumber, luxon's calendar and formatting), asked again by
 * every tool call. Never `undefined` as an answer (`null` is kept).
 */
export function remembered<V>(max: number): (key: string, compute: () => V) => V {
  const known = new Map<string, V>();
  return (key, compute) => {
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (known.size >= max) known.clear();
    known.set(key, value);
    return value;
  };
}
