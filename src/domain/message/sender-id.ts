// Sender ID rules (spec §5.3). The value is stored exactly as sent (gap G-17): no '+' is added
// or removed, so what the customer sees in responses is what they submitted.

/** Spec regex, as a string so JSON schemas can use it verbatim. */
export const SENDER_ID_PATTERN = '^(\\+?[1-9]\\d{0,14}|[a-zA-Z0-9 ]{1,11})$'

const SENDER_ID = new RegExp(SENDER_ID_PATTERN)
const DIGITS_ONLY = /^\+?\d+$/

export type SenderIdKind = 'numeric' | 'alphanumeric'

/**
 * null = invalid. Digits-only values match both regex branches (G-17); they are numeric, as a
 * carrier would route them, even when they have a leading zero.
 */
export function classifySenderId(s: string): SenderIdKind | null {
  if (!SENDER_ID.test(s)) return null
  return DIGITS_ONLY.test(s) ? 'numeric' : 'alphanumeric'
}
