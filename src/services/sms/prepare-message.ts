import type { Violation } from '../../errors/app-error.js'
import { analyzeText, type TextError } from '../../domain/encoding/segments.js'
import { normalizePhone, PHONE_MESSAGES } from '../../domain/phone/e164.js'
import { DEFAULT_SERVICE_CODE, isServiceCode, type ServiceCode } from '../../domain/message/service-code.js'
import { detectVoiceLang } from '../../domain/voice/voice-lang.js'
import type { Account } from '../accounts/account-model.js'
import type { SendSmsBody } from './sms.schemas.js'

/** A message that passed every rule and is ready to be priced and stored. */
export type PreparedMessage = {
  phone: string
  iso2: string | null
  senderId: string
  text: string
  isUnicode: boolean
  charsCount: number
  partsCount: number
  serviceCode: ServiceCode
  voiceLang: string | null
  callbackData: string | null
  source: number | null
  deliveryAt: number // 0 = now
  isTextDeleted: boolean
}

/** How far ahead delivery_at may lie: later values are almost always milliseconds sent as seconds. */
export const MAX_SCHEDULE_AHEAD_S = 365 * 24 * 3600

/** Checks one SMS request against the account's settings; collects every violation at once. */
export function prepareMessage(
  body: SendSmsBody,
  account: Account,
  nowS: number,
): { ok: true; value: PreparedMessage } | { ok: false; violations: Violation[] } {
  const violations: Violation[] = []

  const phone = normalizePhone(body.phone, account.country)
  if (!phone.ok) violations.push({ propertyPath: 'phone', message: PHONE_MESSAGES[phone.reason], code: phone.reason })

  const text = analyzeText(body.text, body.is_unicode ?? null)
  if (!text.ok) violations.push({ propertyPath: 'text', ...textViolation(text.error) })

  const service = body.service_code ?? DEFAULT_SERVICE_CODE
  let serviceCode: ServiceCode = DEFAULT_SERVICE_CODE
  if (!isServiceCode(service)) {
    violations.push({ propertyPath: 'service_code', message: `unknown service code "${service}"` })
  } else if (!account.services.includes(service)) {
    violations.push({
      propertyPath: 'service_code',
      message: `service "${service}" is not enabled for this account (enabled: ${account.services.join(', ')})`,
    })
  } else {
    serviceCode = service
  }

  let deliveryAt = body.delivery_at ?? 0
  if (deliveryAt <= nowS) deliveryAt = 0
  else if (deliveryAt > nowS + MAX_SCHEDULE_AHEAD_S) {
    violations.push({
      propertyPath: 'delivery_at',
      message: 'must be a unix time in seconds at most 365 days ahead',
    })
  }

  if (violations.length > 0 || !phone.ok || !text.ok) return { ok: false, violations }

  const voiceLang =
    serviceCode === 'text2speech' ? (body.voice_lang ?? detectVoiceLang(phone.e164)) : (body.voice_lang ?? null)
  return {
    ok: true,
    value: {
      phone: phone.e164,
      iso2: phone.iso2,
      senderId: body.sender_id,
      text: text.value.text,
      isUnicode: text.value.isUnicode,
      charsCount: text.value.charsCount,
      partsCount: text.value.partsCount,
      serviceCode,
      voiceLang,
      callbackData: body.callback_data ?? null,
      source: body.source ?? null,
      deliveryAt,
      isTextDeleted: body.is_text_deleted ?? body.is_delete_text ?? account.isTextDeleted,
    },
  }
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
