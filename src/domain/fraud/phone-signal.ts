import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max'
import { reason, type Reason } from './reasons.js'

// The phone part of a fraud check: what libphonenumber's full metadata says of the number
// (validity, possibility, type, region), and what this account's own traffic says of it.

export const PHONE_TYPES = [
  'mobile',
  'fixed_line',
  'fixed_line_or_mobile',
  'voip',
  'premium_rate',
  'toll_free',
  'shared_cost',
  'personal_number',
  'pager',
  'uan',
  'voicemail',
  'unknown',
] as const
export type PhoneType = (typeof PHONE_TYPES)[number]

const TYPE_OF = {
  MOBILE: 'mobile',
  FIXED_LINE: 'fixed_line',
  FIXED_LINE_OR_MOBILE: 'fixed_line_or_mobile',
  VOIP: 'voip',
  PREMIUM_RATE: 'premium_rate',
  TOLL_FREE: 'toll_free',
  SHARED_COST: 'shared_cost',
  PERSONAL_NUMBER: 'personal_number',
  PAGER: 'pager',
  UAN: 'uan',
  VOICEMAIL: 'voicemail',
} as const satisfies Record<NonNullable<NumberType>, PhoneType>

/** What the gateway has seen of the number in this account (looked up by the service). */
export type PhoneHistory = { delivered: number; failed: number; optedOut: boolean }

export const NO_HISTORY: PhoneHistory = { delivered: 0, failed: 0, optedOut: false }

export type PhoneResult = {
  phone: string
  valid: boolean
  possible: boolean
  type: PhoneType
  /** ISO 3166-1 alpha-2, or null when the number belongs to no single region (e.g. +800). */
  region: string | null
  country_calling_code: string | null
  delivered_count: number
  failed_count: number
  opted_out: boolean
  reasons: Reason[]
}

const TYPE_REASONS: Partial<Record<PhoneType, Reason['code']>> = {
  voip: 'phone_voip',
  premium_rate: 'phone_premium_rate',
  toll_free: 'phone_toll_free',
  shared_cost: 'phone_unusual_type',
  personal_number: 'phone_unusual_type',
  pager: 'phone_unusual_type',
  uan: 'phone_unusual_type',
  voicemail: 'phone_unusual_type',
  fixed_line: 'phone_fixed_line',
}

/** `phone` in E.164 (`+` and digits, as the API accepts it). */
export function phoneSignal(phone: string, history: PhoneHistory = NO_HISTORY): PhoneResult {
  const parsed = parsePhoneNumberFromString(phone)
  const possible = parsed?.isPossible() ?? false
  const valid = parsed?.isValid() ?? false
  const numberType = valid ? parsed?.getType() : undefined
  const type: PhoneType = numberType === undefined ? 'unknown' : TYPE_OF[numberType]
  const reasons: Reason[] = []
  if (!possible) reasons.push(reason('phone_impossible'))
  else if (!valid) reasons.push(reason('phone_invalid'))
  const byType = TYPE_REASONS[type]
  if (byType) reasons.push(reason(byType))
  if (history.failed > history.delivered) reasons.push(reason('phone_delivery_failed'))
  if (history.optedOut) reasons.push(reason('phone_opted_out'))
  return {
    phone,
    valid,
    possible,
    type,
    region: parsed?.country ?? null,
    country_calling_code: parsed ? `+${parsed.countryCallingCode}` : null,
    delivered_count: history.delivered,
    failed_count: history.failed,
    opted_out: history.optedOut,
    reasons,
  }
}
