// The delivery receipt text of SMPP 3.4 appendix B, as SMSCs really send it:
//   id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…
// Parsing is tolerant: keys in any order and any case, fields missing, `submit_date`, dates with
// seconds (12 digits), ids with letters. The first occurrence of a key wins, and once id and stat
// are known everything after `text:` is text, so a message text quoting "stat:" changes nothing.

import { receiptStateFromStat } from './receipt-state.js'
import type { ReceiptState } from './receipt-state.js'

export type ParsedReceipt = {
  id: string
  sub: number | null
  dlvrd: number | null
  /** Digits as sent (YYMMDDhhmm or YYMMDDhhmmss); see receiptDateToMs. */
  submitDate: string | null
  doneDate: string | null
  /** `stat:` as sent, and the state it names (null when it names none). */
  stat: string | null
  state: ReceiptState | null
  err: string | null
  text: string | null
}

type Key = 'id' | 'sub' | 'dlvrd' | 'submitDate' | 'doneDate' | 'stat' | 'err' | 'text'

const KEY_PATTERN = /(?:^|[\s,;])(id|sub|dlvrd?|submit[ _]?date|done[ _]?date|stat|err|text)\s*:/gi

function keyOf(raw: string): Key {
  const k = raw.toLowerCase().replace(/[ _]/g, '')
  if (k === 'submitdate') return 'submitDate'
  if (k === 'donedate') return 'doneDate'
  if (k === 'dlvr') return 'dlvrd'
  return k as Key
}

/** The receipt in `text`, or null when it carries no `id:`. */
export function parseReceiptText(text: string): ParsedReceipt | null {
  const found: { key: Key; start: number; valueStart: number }[] = []
  const seen = new Set<Key>()
  for (const m of text.matchAll(KEY_PATTERN)) {
    const key = keyOf(m[1]!)
    if (seen.has(key)) continue
    // After text: (with id and stat known) the rest is text, whatever it looks like.
    if (seen.has('text') && seen.has('id') && seen.has('stat')) break
    seen.add(key)
    found.push({ key, start: m.index, valueStart: m.index + m[0].length })
  }
  const values = new Map<Key, string>()
  found.forEach((f, i) => {
    const end = found[i + 1]?.start ?? text.length
    values.set(f.key, text.slice(f.valueStart, end).trim())
  })

  const id = firstToken(values.get('id'))
  if (!id) return null
  const stat = firstToken(values.get('stat'))
  return {
    id,
    sub: integer(values.get('sub')),
    dlvrd: integer(values.get('dlvrd')),
    submitDate: date(values.get('submitDate')),
    doneDate: date(values.get('doneDate')),
    stat,
    state: stat === null ? null : receiptStateFromStat(stat),
    err: firstToken(values.get('err')),
    text: values.get('text') ?? null,
  }
}

function firstToken(value: string | undefined): string | null {
  const token = value?.split(/\s+/)[0]
  return token ? token : null
}

function integer(value: string | undefined): number | null {
  const token = firstToken(value)
  return token !== null && /^\d+$/.test(token) ? Number(token) : null
}

function date(value: string | undefined): string | null {
  const token = firstToken(value)
  return token !== null && /^(\d{10}|\d{12})$/.test(token) ? token : null
}

/**
 * YYMMDDhhmm[ss] → unix ms, read as UTC in 2000–2099 (the receipt carries no zone; SMSCs that
 * send local time are off by their offset). Null when the digits are no valid date.
 */
export function receiptDateToMs(digits: string): number | null {
  if (!/^(\d{10}|\d{12})$/.test(digits)) return null
  const [yy, mo, dd, hh, mi, ss = 0] = (digits.match(/\d\d/g) ?? []).map(Number)
  const ms = Date.UTC(2000 + yy!, mo! - 1, dd!, hh!, mi!, ss)
  const d = new Date(ms)
  const valid =
    d.getUTCMonth() === mo! - 1 && d.getUTCDate() === dd && hh! < 24 && mi! < 60 && ss < 60
  return valid ? ms : null
}

export type ReceiptFields = {
  id: string
  state: ReceiptState
  submitAtMs: number
  doneAtMs: number
  /** Default 1. */
  sub?: number
  /** Default 1 when DELIVRD, else 0. */
  dlvrd?: number
  /** Default '000'. */
  err?: string
  /** Only its first 20 characters are sent, as the spec says. */
  text?: string
}

/** The appendix B text for a receipt, dates as YYMMDDhhmm in UTC. */
export function formatReceiptText(fields: ReceiptFields): string {
  const dlvrd = fields.dlvrd ?? (fields.state === 'DELIVRD' ? 1 : 0)
  return [
    `id:${fields.id}`,
    `sub:${pad3(fields.sub ?? 1)}`,
    `dlvrd:${pad3(dlvrd)}`,
    `submit date:${receiptDateOf(fields.submitAtMs)}`,
    `done date:${receiptDateOf(fields.doneAtMs)}`,
    `stat:${fields.state}`,
    `err:${fields.err ?? '000'}`,
    `text:${[...(fields.text ?? '')].slice(0, 20).join('')}`,
  ].join(' ')
}

function pad3(n: number): string {
  return String(n).padStart(3, '0')
}

/** A receipt's `YYMMDDhhmm`, in UTC. */
export function receiptDateOf(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return (
    two(d.getUTCFullYear() % 100) +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes())
  )
}
