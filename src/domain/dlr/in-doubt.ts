// After a crash, a message the dead worker had claimed may or may not have reached the carrier:
// its submit response was never stored. Rather than send it again at once (a duplicate on the
// handset whenever it did arrive), it waits a while in doubt, and a receipt nobody can place
// settles it: the carrier took it. A receipt names only the carrier's id, unknown to us, so the
// match is by what it repeats of the message: the handset (source_addr) and the first 20
// characters of the part's text (`text:`), which SMSCs fill with '?' where a character is not
// printable ASCII.

import { splitParts } from '../encoding/segments.js'

export type InDoubtCandidate = {
  uuid: string
  text: string
  isUnicode: boolean
  partsCount: number
}

export type InDoubtMatch = { uuid: string; part: number; total: number }

/** A handset as messages store it (E.164 with '+'), whether or not the SMSC wrote the '+'. */
export function handsetKey(handset: string): string {
  return /^\+?\d+$/.test(handset) ? `+${handset.replace(/^\+/, '')}` : handset
}

/** How many characters of a part a receipt repeats (SMPP 3.4 appendix B). */
const RECEIPT_TEXT_CHARS = 20

/**
 * The message and part a receipt speaks of, among the handset's messages in doubt (oldest
 * first). Without a text to compare, only a lone candidate of one part is taken.
 */
export function matchInDoubt(
  candidates: readonly InDoubtCandidate[],
  receiptText: string | null | undefined,
): InDoubtMatch | null {
  const wanted = [...(receiptText ?? '').trimEnd()]
  if (wanted.length === 0) {
    const only = candidates.length === 1 ? candidates[0]! : null
    return only && only.partsCount === 1 ? { uuid: only.uuid, part: 1, total: 1 } : null
  }
  for (const c of candidates) {
    const parts = c.partsCount > 1 ? splitParts(c.text, c.isUnicode ? 'ucs2' : 'gsm7') : [c.text]
    const i = parts.findIndex((p) => sameStart(p, wanted))
    if (i >= 0) return { uuid: c.uuid, part: i + 1, total: c.partsCount }
  }
  return null
}

/** The receipt's copy is the part's start, cut (at 20 characters, or sooner) and trimmed. */
function sameStart(partText: string, wanted: readonly string[]): boolean {
  const start = [...[...partText].slice(0, RECEIPT_TEXT_CHARS).join('').trimEnd()]
  if (wanted.length > start.length) return false
  return wanted.every((ch, k) => ch === '?' || ch === printable(start[k]!))
}

function printable(ch: string): string {
  return /^[\x20-\x7e]$/.test(ch) ? ch : '?'
}
