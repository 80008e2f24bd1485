// Who gets a bulk's SMS, and from which entry (G-30, G-33). A bulk walks its sources in one
// order: its groups in the order given (each by phone id), then its own list of numbers. Every
// number, by its normalised E.164 form, gets one SMS, from its first occurrence on that walk:
// - a number in the list and in a group takes the group's columns and callback_data;
// - a number in two groups takes the first group's, one twice in a group the lower id's;
// - a number only in the list has no columns (its placeholders are empty) and no callback_data.
// Unsubscribed group entries are no occurrence. Pricing counts by this rule, and the expansion
// follows it (the store keeps the first row of a number and skips later ones).

/** A place on the walk: sources 1…G are the groups, G+1 the list; position: last phone id or list index. */
export type Cursor = { source: number; position: number }

/** Where a walk starts, or resumes from a saved cursor. */
export function resumeAt(saved: Cursor): Cursor {
  // 0 is the start of a new bulk, and the cursor of a bulk saved when the list came first: it
  // starts over with the groups; what was made already is skipped by the store.
  return saved.source === 0 ? { source: 1, position: 0 } : saved
}

/** The source after `source`, or null when the walk is done. */
export function nextSource(source: number, groupCount: number): number | null {
  return source <= groupCount ? source + 1 : null
}

export function isListSource(source: number, groupCount: number): boolean {
  return source === groupCount + 1
}

/** Entries once each by key, the first occurrence kept, in order. */
export function firstOccurrences<T>(entries: readonly T[], key: (e: T) => string): T[] {
  const seen = new Set<string>()
  const out: T[] = []
  for (const e of entries) {
    const k = key(e)
    if (seen.has(k)) continue
    seen.add(k)
    out.push(e)
  }
  return out
}

/** The list's numbers that get an SMS as themselves: once each, and none a group of the bulk holds. */
export function listNumbersToSend(
  list: readonly string[],
  inGroups: ReadonlySet<string>,
): string[] {
  return firstOccurrences(list, (p) => p).filter((p) => !inGroups.has(p))
}
