import { analyzeText, type TextError } from '../../domain/encoding/segments.js'
import { normalizePhone, PHONE_MESSAGES } from '../../domain/phone/e164.js'
import type { ServiceCode } from '../../domain/message/service-code.js'
import { checkSendAt, checkService } from './message-checks.js'
import { detectVoiceLang } from '../../domain/voice/voice-lang.js'
import { prepareVoice } from './prepare-voice.js'
import { CONCAT_PART_OCTETS, USER_DATA_OCTETS, splitBinary } from '../../domain/encoding/binary.js'
import type { Account } from '../accounts/account-model.js'
import { gsm7Septets } from '../../domain/encoding/gsm7.js'
import type { CommandField, SendSmsCommand, SmsPayload, TextEncoding } from './send-command.js'

/** A message that passed every rule and is ready to be priced and stored. */
export type PreparedMessage = {
  phone: string
  iso2: string | null
  senderId: string
  /** The text as sent; for a binary message its data as hex. */
  text: string
  isUnicode: boolean
  /** Hex, binary messages with the caller's UDH only. */
  binary: { udh: string | null } | null
  /** Hex: a text part with the caller's UDH (one part of a message the caller concatenates). */
  textUdh?: string | null
  charsCount: number
  partsCount: number
  serviceCode: ServiceCode
  voiceLang: string | null
  callbackData: string | null
  source: number | null
  deliveryAt: number // 0 = now
  isTextDeleted: boolean
}

/** At most this many parts of a binary message, as for text (decisions.md). */
const MAX_BINARY_PARTS = 10

type Violation = { propertyPath: CommandField; message: string; code?: string }
type Content = {
  text: string
  isUnicode: boolean
  binary: { udh: string | null } | null
  textUdh?: string | null
  charsCount: number
  partsCount: number
}

/** Checks one SMS against the account's settings; collects every violation at once. */
export function prepareMessage(
  command: SendSmsCommand,
  account: Account,
  nowS: number,
): { ok: true; value: PreparedMessage } | { ok: false; violations: Violation[] } {
  const violations: Violation[] = []

  const phone = normalizePhone(command.to, account.country)
  if (!phone.ok)
    violations.push({
      propertyPath: 'to',
      message: PHONE_MESSAGES[phone.reason],
      code: phone.reason,
    })

  const serviceCode = checkService(command.serviceCode, account, violations)
  const content =
    serviceCode === 'text2speech'
      ? prepareVoice(command.payload, violations)
      : prepareContent(command.payload, violations)
  const deliveryAt = checkSendAt(command.sendAt, nowS, violations)

  if (violations.length > 0 || !phone.ok || content === null || serviceCode === null)
    return { ok: false, violations }

  // The account's default language, where set, comes before the prefix rules (spec §14.1).
  const voiceLang =
    serviceCode === 'text2speech'
      ? (command.voiceLang ?? account.voiceLang ?? detectVoiceLang(phone.e164))
      : command.voiceLang
  return {
    ok: true,
    value: {
      phone: phone.e164,
      iso2: phone.iso2,
      senderId: command.from,
      ...content,
      serviceCode,
      voiceLang,
      callbackData: command.callbackData,
      source: command.source,
      deliveryAt,
      isTextDeleted: command.textDeleted ?? account.isTextDeleted,
    },
  }
}

function prepareContent(payload: SmsPayload, violations: Violation[]): Content | null {
  if (payload.kind === 'binary') return prepareBinary(payload, violations)
  if (payload.udh)
    return prepareTextWithUdh(payload.text, payload.encoding, payload.udh, violations)
  const isUnicode = payload.encoding === 'auto' ? null : payload.encoding === 'ucs2'
  const text = analyzeText(payload.text, isUnicode)
  if (!text.ok) {
    violations.push({ propertyPath: 'text', ...textViolation(text.error) })
    return null
  }
  const { charsCount, partsCount } = text.value
  return {
    text: text.value.text,
    isUnicode: text.value.isUnicode,
    binary: null,
    charsCount,
    partsCount,
  }
}

function prepareBinary(
  payload: Extract<SmsPayload, { kind: 'binary' }>,
  violations: Violation[],
): Content | null {
  const { data, udh } = payload
  const hex = Buffer.from(data).toString('hex')
  if (data.length === 0) {
    violations.push({ propertyPath: 'text', message: 'must not be empty', code: 'TEXT_EMPTY' })
    return null
  }
  if (udh !== null) {
    // The caller's UDH travels as given: the message must fit one SMS with it.
    if (udh.length + data.length > USER_DATA_OCTETS) {
      const room = USER_DATA_OCTETS - udh.length
      violations.push({
        propertyPath: 'text',
        message: `is ${data.length} octets; with this UDH at most ${room} fit`,
        code: 'TEXT_TOO_LONG',
      })
      return null
    }
    return {
      text: hex,
      isUnicode: false,
      binary: { udh: Buffer.from(udh).toString('hex') },
      charsCount: data.length,
      partsCount: 1,
    }
  }
  const partsCount = splitBinary(data).length
  if (partsCount > MAX_BINARY_PARTS) {
    const max = MAX_BINARY_PARTS * CONCAT_PART_OCTETS
    violations.push({
      propertyPath: 'text',
      message: `is ${data.length} octets; at most ${max} are allowed`,
      code: 'TEXT_TOO_LONG',
    })
    return null
  }
  return { text: hex, isUnicode: false, binary: { udh: null }, charsCount: data.length, partsCount }
}

/**
 * A text part with the caller's UDH: GSM 03.38 septets after the UDH padded to a septet
 * boundary (GSM 03.40 §9.2.3.24), or UCS-2 after the UDH; it must fit one SMS.
 */
function prepareTextWithUdh(
  raw: string,
  encoding: TextEncoding,
  udh: Uint8Array,
  violations: Violation[],
): Content | null {
  if (raw.length === 0) {
    violations.push({ propertyPath: 'text', message: 'must not be empty', code: 'TEXT_EMPTY' })
    return null
  }
  const chars = [...raw]
  const septets = chars.map(gsm7Septets)
  const fitsGsm = septets.every((n) => n > 0)
  if (encoding === 'gsm7' && !fitsGsm) {
    violations.push({ propertyPath: 'text', ...textViolation(notGsm(chars, septets)) })
    return null
  }
  const isUnicode = encoding === 'ucs2' || (encoding === 'auto' && !fitsGsm)
  const room = USER_DATA_OCTETS - udh.length
  const used = isUnicode ? raw.length : septets.reduce<number>((a, n) => a + n, 0)
  const max = isUnicode ? Math.floor(room / 2) : Math.floor((room * 8) / 7)
  if (used > max) {
    violations.push({
      propertyPath: 'text',
      message: `is ${used} ${isUnicode ? 'UCS-2' : 'GSM'} characters long; with this UDH at most ${max} fit`,
      code: 'TEXT_TOO_LONG',
    })
    return null
  }
  return {
    text: raw,
    isUnicode,
    binary: null,
    textUdh: Buffer.from(udh).toString('hex'),
    charsCount: chars.length,
    partsCount: 1,
  }
}

function notGsm(chars: string[], septets: number[]): TextError {
  const characters = [...new Set(chars.filter((_, i) => septets[i] === 0))]
  return { code: 'TEXT_NOT_GSM', characters }
}

function textViolation(e: TextError): { message: string; code: string } {
  switch (e.code) {
    case 'TEXT_EMPTY':
      return { message: 'must not be empty', code: e.code }
    case 'TEXT_NOT_GSM':
      return {
        message: `contains characters GSM 03.38 cannot carry (${e.characters.join(' ')}); send with is_unicode true or null`,
        code: e.code,
      }
    case 'TEXT_TOO_LONG':
      return {
        message: `is ${e.charsCount} ${e.encoding === 'gsm7' ? 'GSM' : 'UCS-2'} characters long; at most ${e.max} are allowed`,
        code: e.code,
      }
  }
}
