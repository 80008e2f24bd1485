// messaggisms.com's recipient form: the international prefix, a '-', then the number
// (`+39-3491234567`). Anything else is an invalid recipient of the message, recorded as such;
// a number of the right form must still exist in its country's numbering plan (domain/phone).
import { normalizePhone, PHONE_MESSAGES } from '../phone/e164.js'

export type RecipientNumber = { ok: true; e164: string } | { ok: false; problem: string }

const FORM = /^\+([1-9]\d{0,3})-(\d{1,14})$/

export function parseRecipientNumber(given: string): RecipientNumber {
  const m = FORM.exec(given.trim())
  if (m === null)
    return {
      ok: false,
      problem: 'not in the form +<international prefix>-<number>, e.g. +39-3491234567',
    }
  const r = normalizePhone(`+${m[1]}${m[2]}`, null)
  if (!r.ok) return { ok: false, problem: `the number ${PHONE_MESSAGES[r.reason]}` }
  return { ok: true, e164: r.e164 }
}

/** Whether `asked` names the recipient `given`: the same text, or the same valid number. */
export function sameRecipient(given: string, asked: string): boolean {
  if (given.trim() === asked.trim()) return true
  const a = parseRecipientNumber(given)
  const b = parseRecipientNumber(asked)
  return a.ok && b.ok && a.e164 === b.e164
}
