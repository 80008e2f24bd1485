// Encoding choice, character counting and concatenation split (spec §5.4, gaps G-19/G-20).

import { gsm7Septets } from './gsm7.js'
import { toGsm7Lookalikes } from './transliterate.js'

export const SMS_LIMITS = {
  gsm7: { single: 160, part: 153, maxUnits: 1530, maxParts: 10 },
  ucs2: { single: 70, part: 67, maxUnits: 670, maxParts: 10 },
} as const

export type SmsEncoding = 'gsm7' | 'ucs2'

export type TextAnalysis = {
  encoding: SmsEncoding
  isUnicode: boolean
  /** The text that will be sent: lookalikes already mapped when GSM was forced. */
  text: string
  /** GSM septets (extension = 2) or UTF-16 code units (non-BMP = 2). */
  charsCount: number
  partsCount: number
}

export type TextError =
  | { code: 'TEXT_NOT_GSM'; characters: string[] }
  | { code: 'TEXT_TOO_LONG'; encoding: SmsEncoding; charsCount: number; max: number }
  | { code: 'TEXT_EMPTY' }

export type TextAnalysisResult = { ok: true; value: TextAnalysis } | { ok: false; error: TextError }

/** `isUnicode`: null = auto-detect, false = GSM forced (lookalikes mapped), true = UCS-2. */
export function analyzeText(text: string, isUnicode: boolean | null): TextAnalysisResult {
  if (isBlank(text)) return { ok: false, error: { code: 'TEXT_EMPTY' } }

  let sent = text
  let encoding: SmsEncoding
  if (isUnicode === true) {
    encoding = 'ucs2'
  } else if (isUnicode === false) {
    const mapped = toGsm7Lookalikes(text)
    if (mapped.unmappable.length > 0) {
      return { ok: false, error: { code: 'TEXT_NOT_GSM', characters: mapped.unmappable } }
    }
    // Mapping may drop invisible characters, leaving nothing to send.
    if (isBlank(mapped.text)) return { ok: false, error: { code: 'TEXT_EMPTY' } }
    sent = mapped.text
    encoding = 'gsm7'
  } else {
    encoding = isGsm7(text) ? 'gsm7' : 'ucs2'
  }

  const charsCount = countUnits(sent, encoding)
  const max = SMS_LIMITS[encoding].maxUnits
  if (charsCount > max) {
    return { ok: false, error: { code: 'TEXT_TOO_LONG', encoding, charsCount, max } }
  }
  const partsCount = splitParts(sent, encoding).length
  // ESC pairs are never split, so 1530 septets of extension characters can need an 11th part;
  // carriers reassemble at most 10 (decisions.md), so such a text is too long as well.
  if (partsCount > SMS_LIMITS[encoding].maxParts) {
    return { ok: false, error: { code: 'TEXT_TOO_LONG', encoding, charsCount, max } }
  }
  return {
    ok: true,
    value: { encoding, isUnicode: encoding === 'ucs2', text: sent, charsCount, partsCount },
  }
}

/**
 * Splits a text for concatenation: one part when it fits `single`, else chunks of at most `part`
 * units. An ESC pair (GSM) or a surrogate pair (UCS-2) always stays in one part, so the real
 * count can exceed ceil(n / part).
 */
export function splitParts(text: string, encoding: SmsEncoding): string[] {
  const limits = SMS_LIMITS[encoding]
  if (countUnits(text, encoding) <= limits.single) return [text]

  const parts: string[] = []
  let current = ''
  let used = 0
  for (const ch of text) {
    const cost = unitCost(ch, encoding)
    if (used + cost > limits.part) {
      parts.push(current)
      current = ''
      used = 0
    }
    current += ch
    used += cost
  }
  parts.push(current)
  return parts
}

function countUnits(text: string, encoding: SmsEncoding): number {
  if (encoding === 'ucs2') return text.length
  let units = 0
  for (const ch of text) units += unitCost(ch, 'gsm7')
  return units
}

function unitCost(ch: string, encoding: SmsEncoding): number {
  if (encoding === 'ucs2') return ch.length
  const septets = gsm7Septets(ch)
  if (septets === 0) throw new RangeError(`${JSON.stringify(ch)} cannot be sent as GSM 7-bit`)
  return septets
}

function isGsm7(text: string): boolean {
  for (const ch of text) if (gsm7Septets(ch) === 0) return false
  return true
}

function isBlank(text: string): boolean {
  return text.trim() === ''
}
