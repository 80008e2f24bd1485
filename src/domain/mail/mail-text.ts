// The SMS text of a mail (spec §20.2 text_source, encoding, max_sms_parts; G-45): the text/plain
// part where there is one, else the HTML stripped; the signature after a `-- ` line dropped;
// subject and body joined by a newline; cut to the parts the address allows.
import { gsm7Septets } from '../encoding/gsm7.js'
import { SMS_LIMITS, splitParts, type SmsEncoding } from '../encoding/segments.js'
import { toGsm7Lookalikes } from '../encoding/transliterate.js'
import type { MailEncoding, TextSource } from './mail-address.js'

export type MailContent = { subject: string | null; text: string | null; html: string | null }

export type MailText = { text: string; encoding: SmsEncoding; truncated: boolean }

/** The body as plain text: the text part, else the HTML without its markup. */
export function bodyText(mail: MailContent): string {
  const plain = mail.text !== null && mail.text.trim() !== '' ? mail.text : null
  const body = plain ?? (mail.html === null ? '' : stripHtml(mail.html))
  return tidy(dropSignature(body))
}

/** Subject, body or both (a newline between), per text_source. Empty when there is no text. */
export function smsTextOf(mail: MailContent, source: TextSource): string {
  const subject = tidy(mail.subject ?? '').replace(/\n+/g, ' ')
  const body = bodyText(mail)
  if (source === 1) return subject
  if (source === 2) return body
  return [subject, body].filter((s) => s !== '').join('\n')
}

/**
 * The text as it will be sent: GSM 03.38 (lookalikes mapped, the rest `?`), UCS-2, or GSM when
 * the whole text fits it; then cut to `maxParts`, never inside a GSM escape or surrogate pair.
 */
export function fitText(text: string, encoding: MailEncoding, maxParts: number): MailText {
  let sent = text
  let smsEncoding: SmsEncoding
  if (encoding === 1) smsEncoding = 'ucs2'
  else if (encoding === 0 || [...text].every((ch) => gsm7Septets(ch) > 0)) {
    smsEncoding = 'gsm7'
    // Alarm panels and ERP systems cannot choose their characters: send what GSM can carry.
    sent = [...toGsm7Lookalikes(text).text].map((ch) => (gsm7Septets(ch) > 0 ? ch : '?')).join('')
  } else smsEncoding = 'ucs2'
  const limits = SMS_LIMITS[smsEncoding]
  const room = maxParts === 1 ? limits.single : limits.part * maxParts
  const chars = [...sent]
  let units = 0
  let end = 0
  for (const ch of chars) {
    const cost = smsEncoding === 'ucs2' ? ch.length : gsm7Septets(ch)
    if (units + cost > room) break
    units += cost
    end++
  }
  let cut = chars.slice(0, end).join('')
  // An escape pair is never split across parts, so a cut text can still need one part more.
  while (cut !== '' && splitParts(cut, smsEncoding).length > maxParts)
    cut = [...cut].slice(0, -1).join('')
  const truncated = end < chars.length || cut.length < chars.slice(0, end).join('').length
  return { text: truncated ? cut.trimEnd() : cut, encoding: smsEncoding, truncated }
}

/** RFC 3676 §4.3: the signature starts at a line `-- `; many clients trim it to `--`. */
function dropSignature(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n')
  const at = lines.findIndex((line) => line === '-- ' || line === '--')
  return (at < 0 ? lines : lines.slice(0, at)).join('\n')
}

/** Lines trimmed at the end, at most one blank line in a row, no blank start or end. */
function tidy(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  euro: '€',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
}

/** HTML to text: no scripts, styles or comments; blocks and breaks become line ends. */
export function stripHtml(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table|blockquote|pre)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .split('\n')
    .map((line) => line.replace(/[ \t\r]+/g, ' ').trim())
    .join('\n')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1))
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all
      }
      return ENTITIES[name] ?? all
    })
}
