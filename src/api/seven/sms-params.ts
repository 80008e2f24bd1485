// The parameters of seven's POST/GET /api/sms (spec compat.md §1) read from a form, a query or a
// JSON body: seven's clients send every value as a string in a form and as strings, numbers or
// booleans in JSON, so each is read by what it means, not by its JSON type. Every problem is a
// violation named by the parameter; answer.ts turns the first into seven's code.
import { validationError, type Violation } from '../../errors/app-error.js'
import { classifySenderId } from '../../domain/message/sender-id.js'
import { parseUdh } from '../../domain/encoding/udh.js'
import { parseDelay } from './delay.js'

/** seven's default validity: 48 hours. */
export const DEFAULT_TTL_MIN = 2880
/** A year, as for delay. */
const MAX_TTL_MIN = 365 * 24 * 60
const LABEL = /^[a-zA-Z0-9.\-_@]*$/
const HEX = /^(?:[0-9a-fA-F]{2})*$/

export type SevenSmsParams = {
  to: string[]
  text: string
  from: string | null
  /** Unix seconds, null: now. */
  delay: number | null
  flash: boolean
  ttlMin: number
  label: string | null
  foreignId: string | null
  /** Forces UCS-2; utf8 is accepted (texts are always read as UTF-8). */
  unicode: boolean
  /** The caller's UDH. */
  udh: Buffer | null
  /** 8-bit data: the text is hex (is_binary, or a udh with a hex text). */
  binary: Buffer | null
  performanceTracking: boolean
  noReload: boolean
  returnMsgId: boolean
  details: boolean
  json: boolean
}

/** Names seven's clients send that the gateway reads elsewhere or leaves to other surfaces. */
export const OTHER_PARAMS = ['p', 'files'] as const

export function parseSevenSmsParams(input: Record<string, unknown>): SevenSmsParams {
  const violations: Violation[] = []
  const bad = (propertyPath: string, message: string, code?: string) =>
    violations.push(
      code === undefined ? { propertyPath, message } : { propertyPath, message, code },
    )

  const to = recipients(input.to, bad)
  const from = optionalString(input.from, 'from', bad)
  if (from !== null && classifySenderId(from) === null)
    bad('from', 'must be at most 11 letters, digits and spaces, or a number of up to 15 digits')
  const text = requiredText(input.text, bad)

  const flag = (name: string) => bool(input[name], name, bad)
  const flash = flag('flash')
  const unicode = flag('unicode')
  flag('utf8')
  const isBinary = flag('is_binary')
  const udhHex = optionalString(input.udh, 'udh', bad)
  let udh: Buffer | null = null
  if (udhHex !== null) {
    if (!HEX.test(udhHex) || udhHex === '') bad('udh', 'must be hex digits, two per octet')
    else {
      udh = Buffer.from(udhHex, 'hex')
      if (parseUdh(udh)?.headerLength !== udh.length)
        bad('udh', 'is not a well-formed user data header (its first octet is its length)')
    }
  }
  let binary: Buffer | null = null
  if (text !== null && (isBinary || udh !== null)) {
    if (HEX.test(text)) binary = Buffer.from(text, 'hex')
    else if (isBinary) bad('text', 'must be hex digits, two per octet, for a binary SMS')
  }

  const delay = input.delay === undefined || input.delay === '' ? null : parseDelay(input.delay)
  if (delay === null && input.delay !== undefined && input.delay !== '')
    bad('delay', 'must be a unix timestamp or a time as YYYY-MM-DD hh:mm:ss')
  const ttl = integer(input.ttl, 'ttl', 1, MAX_TTL_MIN, bad)
  const label = identifier(input.label, 'label', 100, bad)
  const foreignId = identifier(input.foreign_id, 'foreign_id', 64, bad)
  const params = {
    performanceTracking: flag('performance_tracking'),
    noReload: flag('no_reload'),
    returnMsgId: flag('return_msg_id'),
    details: flag('details'),
    json: flag('json'),
  }
  if (violations.length > 0) throw validationError(orderOfCodes(violations))
  return {
    to,
    text: text!,
    from,
    delay,
    flash,
    ttlMin: ttl ?? DEFAULT_TTL_MIN,
    label,
    foreignId,
    unicode,
    udh,
    binary,
    ...params,
  }
}

/** to, from and text first: seven answers with their codes before any other problem. */
function orderOfCodes(violations: Violation[]): Violation[] {
  const rank = (v: Violation) => {
    const i = ['to', 'from', 'text'].indexOf(v.propertyPath.replace(/[[.].*$/, ''))
    return i < 0 ? 3 : i
  }
  return [...violations].sort((a, b) => rank(a) - rank(b))
}

type Bad = (propertyPath: string, message: string, code?: string) => void

function recipients(v: unknown, bad: Bad): string[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]
  const out: string[] = []
  for (const item of list) {
    if (typeof item !== 'string' && typeof item !== 'number') {
      bad('to', 'must be a string of numbers or names separated by commas')
      return []
    }
    for (const part of String(item).split(',')) if (part.trim() !== '') out.push(part.trim())
  }
  if (out.length === 0) bad('to', 'is required')
  return out
}

function requiredText(v: unknown, bad: Bad): string | null {
  if (v === undefined || v === null || v === '') {
    bad('text', 'is required', 'TEXT_EMPTY')
    return null
  }
  if (typeof v !== 'string' && typeof v !== 'number') {
    bad('text', 'must be a string')
    return null
  }
  return String(v)
}

function optionalString(v: unknown, name: string, bad: Bad): string | null {
  if (v === undefined || v === null || v === '') return null
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim()
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v)
  bad(name, 'must be a string')
  return null
}

/** seven's booleans: 1/0, true/false, yes/no, on/off, as strings, numbers or JSON booleans. */
function bool(v: unknown, name: string, bad: Bad): boolean {
  if (v === undefined || v === null || v === '') return false
  if (typeof v === 'boolean') return v
  if (v === 0 || v === 1) return v === 1
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase()
    if (['1', 'true', 'yes', 'on'].includes(s)) return true
    if (['0', 'false', 'no', 'off'].includes(s)) return false
  }
  bad(name, 'must be a boolean: 1 or 0, true or false')
  return false
}

function integer(v: unknown, name: string, min: number, max: number, bad: Bad): number | null {
  if (v === undefined || v === null || v === '') return null
  const n =
    typeof v === 'number'
      ? v
      : typeof v === 'string' && /^\d{1,9}$/.test(v.trim())
        ? Number(v)
        : NaN
  if (!Number.isInteger(n) || n < min || n > max) {
    bad(name, `must be an integer from ${min} to ${max}`)
    return null
  }
  return n
}

/** label and foreign_id: up to `max` of a-z A-Z 0-9 . - _ @. */
function identifier(v: unknown, name: string, max: number, bad: Bad): string | null {
  if (v === undefined || v === null || v === '') return null
  if (typeof v !== 'string' && typeof v !== 'number') {
    bad(name, 'must be a string')
    return null
  }
  const s = String(v)
  if (s.length > max) bad(name, `must be at most ${max} characters long`)
  else if (!LABEL.test(s)) bad(name, 'may hold only a-z A-Z 0-9 . - _ @')
  else return s
  return null
}
