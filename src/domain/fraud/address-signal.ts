import { reason, type Reason } from './reasons.js'

// The postal-address part of a fraud check (field names: G-40's recommendation), and the
// consistency of the countries the address, the IP address and the phone number point to.

export type AddressInput = {
  country_code: string
  city?: string | null
  postal_code?: string | null
  street?: string | null
  house_number?: string | null
}

export type AddressResult = {
  country_code: string
  city: string | null
  postal_code: string | null
  street: string | null
  house_number: string | null
  complete: boolean
  /** null: no IP address given, or one no country is known for. */
  matches_ip_country: boolean | null
  /** null: no phone number given, or one of no single region. */
  matches_phone_country: boolean | null
  reasons: Reason[]
}

/** The countries the other parts point to (null: not given or not known). */
export type OtherCountries = { ip: string | null; phone: string | null }

function given(v: string | null | undefined): string | null {
  const t = v?.trim()
  return t ? t : null
}

export function addressSignal(address: AddressInput, others: OtherCountries): AddressResult {
  const country = address.country_code.toUpperCase()
  const fields = {
    city: given(address.city),
    postal_code: given(address.postal_code),
    street: given(address.street),
    house_number: given(address.house_number),
  }
  const complete = Object.values(fields).every((v) => v !== null)
  const matchesIp = others.ip === null ? null : others.ip === country
  const matchesPhone = others.phone === null ? null : others.phone === country
  const reasons: Reason[] = []
  if (!complete) reasons.push(reason('address_incomplete'))
  if (matchesIp === false) reasons.push(reason('address_ip_country_mismatch'))
  if (matchesPhone === false) reasons.push(reason('address_phone_country_mismatch'))
  return {
    country_code: country,
    ...fields,
    complete,
    matches_ip_country: matchesIp,
    matches_phone_country: matchesPhone,
    reasons,
  }
}
