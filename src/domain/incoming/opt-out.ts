// Opt-out by SMS: a reply that says only STOP (or another configured keyword) unsubscribes the
// sender from the account's groups.

export const DEFAULT_STOP_KEYWORDS = ['STOP', 'STOPP', 'ABMELDEN', 'UNSUBSCRIBE'] as const

/** phones.unsubscribe_reason values (the spec leaves the codes open, G-37). */
export const UNSUBSCRIBE_REASON = {
  /** The number sent a stop keyword. */
  stopKeyword: 1,
} as const

/**
 * Whether the whole text is one of the keywords: case and surrounding spaces do not matter, nor
 * trailing full stops or exclamation marks, which handsets and people add ("Stop!").
 */
export function isStopMessage(text: string, keywords: readonly string[]): boolean {
  const word = text
    .normalize('NFKC')
    .trim()
    .replace(/[.!]+$/u, '')
    .trim()
    .toUpperCase()
  return word !== '' && keywords.some((k) => k.toUpperCase() === word)
}

/** TAUBE_STOP_KEYWORDS: comma-separated; blanks dropped. */
export function parseStopKeywords(list: string): string[] {
  return list
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
}
