// Lookalike mapping for texts the customer explicitly sends as GSM (is_unicode=false, spec G-20).
// Only characters whose GSM rendering keeps the meaning are listed; everything else is reported
// back as unmappable rather than silently dropped or replaced with '?'.

import { gsm7Septets } from './gsm7.js'

export const GSM7_LOOKALIKES = {
  // Typographic quotes and primes.
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201a': "'", // ‚
  '\u201b': "'", // ‛
  '\u2032': "'", // ′
  '\u2039': "'", // ‹
  '\u203a': "'", // ›
  '\u201c': '"', // “
  '\u201d': '"', // ”
  '\u201e': '"', // „
  '\u201f': '"', // ‟
  '\u2033': '"', // ″
  '\u00ab': '"', // «
  '\u00bb': '"', // »
  // Dashes and minus.
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2212': '-', // −
  '\u2026': '...', // …
  // Spaces that only differ in width or line breaking.
  '\t': ' ',
  '\u00a0': ' ',
  '\u1680': ' ',
  '\u2000': ' ',
  '\u2001': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2007': ' ',
  '\u2008': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ',
  '\u205f': ' ',
  '\u3000': ' ',
  // Invisible characters that copy-paste leaves behind.
  '\u200b': '', // zero-width space
  '\u2060': '', // word joiner
  '\ufeff': '', // byte order mark
  // GSM has Ç but not ç (spec G-18).
  ç: 'Ç',
  // Accented vowels GSM lacks, to their base letter.
  á: 'a',
  â: 'a',
  ê: 'e',
  ë: 'e',
  í: 'i',
  î: 'i',
  ï: 'i',
  ó: 'o',
  ô: 'o',
  ú: 'u',
  û: 'u',
  Á: 'A',
  Â: 'A',
  À: 'A',
  Ê: 'E',
  È: 'E',
  Ë: 'E',
  Í: 'I',
  Î: 'I',
  Ì: 'I',
  Ï: 'I',
  Ó: 'O',
  Ô: 'O',
  Ò: 'O',
  Ú: 'U',
  Û: 'U',
  Ù: 'U',
} as const satisfies Record<string, string>

const LOOKALIKES: ReadonlyMap<string, string> = new Map(Object.entries(GSM7_LOOKALIKES))

/**
 * Maps lookalikes to GSM characters. `unmappable` lists the distinct characters that remain
 * outside GSM 03.38, in order of first appearance.
 */
export function toGsm7Lookalikes(text: string): { text: string; unmappable: string[] } {
  const unmappable = new Set<string>()
  let out = ''
  // NFC first: a decomposed 'e' + U+0301 becomes 'é', which GSM has.
  for (const ch of text.normalize('NFC')) {
    if (gsm7Septets(ch) > 0) {
      out += ch
      continue
    }
    const mapped = LOOKALIKES.get(ch)
    if (mapped !== undefined) {
      out += mapped
      continue
    }
    unmappable.add(ch)
    out += ch
  }
  return { text: out, unmappable: [...unmappable] }
}
