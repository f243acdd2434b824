/** @module values/spoken-list  A list as it is said: "a", "a or b", "a, b and c". */
export function speakList(items: readonly string[], conjunction: "and" | "or" = "and"): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items.at(-1)}`;
}
