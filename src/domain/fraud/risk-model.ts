import { addressSignal, type AddressInput, type AddressResult } from './address-signal.js'
import { emailSignal, type EmailResult, type MxState } from './email-signal.js'
import { ipSignal, type GeoFacts, type IpResult } from './ip-signal.js'
import { phoneSignal, type PhoneHistory, type PhoneResult } from './phone-signal.js'
import { combine, reason, type Reason } from './reasons.js'

// The risk model (docs/fraud.md): every part gives its reasons, the countries of the parts are
// compared, and the score of a part and of the whole check is the noisy-OR of its reasons'
// weights. Everything the service looked up is passed in: this module does no I/O.

export type CheckFacts = {
  phone?: { phone: string; history: PhoneHistory }
  email?: { email: string; disposable: boolean; mx: MxState }
  ip?: { ip: string; geo: GeoFacts | null }
  address?: AddressInput
}

type Scored<T> = T & { risk_score: number }

export type FraudResult = {
  risk_score: number
  /** Every reason of every part, heaviest first. */
  reasons: Reason[]
  request_phone: Scored<PhoneResult> | null
  request_email: Scored<EmailResult> | null
  request_ip: Scored<IpResult & { matches_phone_country: boolean | null }> | null
  request_address: Scored<AddressResult> | null
}

function scored<T extends { reasons: Reason[] }>(part: T): Scored<T> {
  return { ...part, risk_score: combine(part.reasons) }
}

export function scoreCheck(facts: CheckFacts): FraudResult {
  const phone = facts.phone ? phoneSignal(facts.phone.phone, facts.phone.history) : null
  const email = facts.email ? emailSignal(facts.email.email, facts.email) : null
  const ipBase = facts.ip ? ipSignal(facts.ip.ip, facts.ip.geo) : null
  const phoneCountry = phone?.valid ? phone.region : null
  const ip = ipBase && {
    ...ipBase,
    matches_phone_country:
      ipBase.country === null || phoneCountry === null ? null : ipBase.country === phoneCountry,
  }
  if (ip?.matches_phone_country === false) ip.reasons.push(reason('phone_ip_country_mismatch'))
  const address = facts.address
    ? addressSignal(facts.address, { ip: ip?.country ?? null, phone: phoneCountry })
    : null
  const parts = [phone, email, ip, address].filter((p) => p !== null)
  const reasons = parts.flatMap((p) => p.reasons).sort((a, b) => b.weight - a.weight)
  return {
    risk_score: combine(reasons),
    reasons,
    request_phone: phone && scored(phone),
    request_email: email && scored(email),
    request_ip: ip && scored(ip),
    request_address: address && scored(address),
  }
}
