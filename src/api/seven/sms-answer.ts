// The answer of seven's POST/GET /api/sms: JSON (`Accept: application/json` or `json=1`) with
// one entry per recipient, or plain text: the code, then with `return_msg_id` the message ids
// (one a line), then with `details` the lines seven's legacy answer shows.
import { fromMicro } from '../../domain/pricing/money.js'
import type { SevenCode } from './codes.js'
import type { SevenSmsParams } from './sms-params.js'

export type MessageOutcome = {
  id: string | null
  sender: string
  /** As seven shows it: international, without '+'. */
  recipient: string
  text: string
  encoding: 'gsm' | 'ucs2'
  parts: number
  priceMicro: number
  serviceCode: string
  error: { code: SevenCode; text: string } | null
}

export type SendOutcome = { code: SevenCode; messages: MessageOutcome[]; balanceMicro: number }

/** 100 when every message was accepted; one code shared by every failure; 101 otherwise. */
export function overallCode(messages: readonly MessageOutcome[]): SevenCode {
  const failed = messages.filter((m) => m.error !== null)
  if (failed.length === 0) return 100
  const codes = new Set(failed.map((m) => m.error!.code))
  return failed.length === messages.length && codes.size === 1 ? [...codes][0]! : 101
}

export function jsonAnswer(p: SevenSmsParams, o: SendOutcome) {
  const total = o.messages.reduce((sum, m) => sum + (m.error ? 0 : m.priceMicro), 0)
  return {
    success: String(o.code),
    total_price: fromMicro(total),
    balance: fromMicro(o.balanceMicro),
    debug: 'false',
    sms_type: o.messages.find((m) => m.error === null)?.serviceCode ?? 'direct',
    messages: o.messages.map((m) => ({
      id: m.id,
      sender: m.sender,
      recipient: m.recipient,
      text: m.text,
      encoding: m.encoding,
      label: p.label,
      parts: m.parts,
      udh: p.udh === null ? null : p.udh.toString('hex').toUpperCase(),
      is_binary: p.binary !== null,
      price: m.error ? 0 : fromMicro(m.priceMicro),
      success: m.error === null,
      error: m.error ? String(m.error.code) : null,
      error_text: m.error ? m.error.text : null,
    })),
  }
}

export function textAnswer(p: SevenSmsParams, o: SendOutcome): string {
  const lines = [String(o.code)]
  const sent = o.messages.filter((m) => m.error === null)
  if (p.returnMsgId) lines.push(...sent.map((m) => m.id!))
  if (p.details) {
    const total = sent.reduce((sum, m) => sum + m.priceMicro, 0)
    const first = sent[0]
    const gsm = first ? first.encoding === 'gsm' : true
    lines.push(
      `Verbucht: ${fromMicro(total)}`,
      `Preis: ${fromMicro(first?.priceMicro ?? 0)}`,
      `Guthaben: ${fromMicro(o.balanceMicro)}`,
      `Text: ${p.text}`,
      `SMS-Typ: ${first?.serviceCode ?? 'direct'}`,
      `Flash SMS: ${p.flash ? 'on' : 'off'}`,
      `Encoding: ${p.binary !== null ? 'Binary' : gsm ? 'ASCII' : 'UCS2'}`,
      `GSM0338: ${gsm && p.binary === null}`,
      'Debug: false',
    )
  }
  if (o.code !== 100)
    for (const m of o.messages)
      if (m.error) lines.push(`${m.recipient || '-'}: ${m.error.code} ${m.error.text}`)
  return lines.join('\n')
}
