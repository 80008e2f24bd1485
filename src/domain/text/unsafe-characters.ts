// Characters refused in free text, by kind of field. Two kinds, named as JSON-schema formats so
// that every schema tags its free-text fields and one check serves them all:
//
// - 'message-text' (SMS and bulk text, the group columns filled into it): NUL, unpaired
//   surrogates and the bidi overrides LRO/RLO (U+202D, U+202E). Overrides let a sender show a
//   link or a number reversed ("moc.knab" read as "bank.com"); right-to-left scripts need only
//   marks, embeddings and isolates, which stay allowed.
// - 'label' (names, sender-facing ids, callback_data, URLs): every control character (C0, DEL,
//   C1) and every bidi embedding, override and isolate (U+202A–U+202E, U+2066–U+2069): such a
//   value is shown in lists and logs, where they would disguise or reorder what follows.
//
// NUL cuts strings short in C libraries and some carriers; an unpaired surrogate cannot be
// encoded as UTF-8 or UCS-2 at all. Neither is ever meant.

export const TEXT_FORMATS = ['message-text', 'label'] as const
export type TextFormat = (typeof TEXT_FORMATS)[number]

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
// Control characters are what these patterns look for.
/* eslint-disable no-control-regex */
const REFUSED: Record<TextFormat, RegExp> = {
  'message-text': /[\u0000\u202D\u202E]/,
  label: /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/,
}
/* eslint-enable no-control-regex */

/** What each format refuses, said to the client. */
export const TEXT_FORMAT_MESSAGES = {
  'message-text': 'must not contain NUL, unpaired surrogates or the bidi overrides U+202D/U+202E',
  label:
    'must not contain control characters, unpaired surrogates or bidi controls (U+202A–U+202E, U+2066–U+2069)',
} as const satisfies Record<TextFormat, string>

export function isSafeText(s: string, format: TextFormat): boolean {
  return !REFUSED[format].test(s) && !LONE_SURROGATE.test(s)
}
