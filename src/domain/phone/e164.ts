// Destination number normalisation to E.164 (spec §5.2, recommendation for gap G-16): the one
// rule for every recipient the gateway stores or sends to (POST /sms, bulks, group phones, CSV).
// The spec regex decides the form; libphonenumber's per-country lengths decide whether the
// number can exist, so a calling code no country uses (+999…) or a number too short or too long
// for its country (+4917) is refused. Number ranges within a country are not checked: ranges the
// library does not know yet are still accepted.

// 'min' metadata: it keeps the per-country patterns of shared calling codes (+1, +7, +44), so
// US/CA and RU/KZ resolve exactly as with 'max' (checked across the NANP ranges) at half the size.
import {
  type CountryCode,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js/min'
// The same table the 'min' functions use; read for each calling code's main country.
import metadata from 'libphonenumber-js/min/metadata'

export const PHONE_FAILURES = [
  'EMPTY',
  'INVALID_CHARACTERS',
  'INVALID_FORMAT',
  'UNKNOWN_CALLING_CODE',
  'INVALID_LENGTH',
] as const
export type PhoneFailure = (typeof PHONE_FAILURES)[number]

export type PhoneResult =
  { ok: true; e164: string; iso2: string | null } | { ok: false; reason: PhoneFailure }

/** What each refusal tells the client, the same wherever a number is given. */
export const PHONE_MESSAGES = {
  EMPTY: 'must not be empty',
  INVALID_CHARACTERS:
    'may contain only digits, a leading + and the separators - . / ( ) and spaces',
  INVALID_FORMAT:
    'is not a valid number: expected E.164 (+ and 2-15 digits, e.g. +491701234567), 00…, or a national number',
  UNKNOWN_CALLING_CODE: 'starts with a calling code no country uses',
  INVALID_LENGTH: 'has too few or too many digits for its country',
} as const satisfies Record<PhoneFailure, string>

const SEPARATORS = /[\s\-./()]/g
// A number starts with a digit, '+' or a bracket: '-4917…' is a negative number (a spreadsheet
// cell), not a phone number whose first separator was dropped.
const STARTS_LIKE_A_NUMBER = /^\s*[\d+(]/
const E164 = /^\+[1-9]\d{1,14}$/
const MIN_LENGTH = 4

/**
 * `accountCountry` (ISO 3166-1 alpha-2) supplies the calling code for national numbers written
 * with a trunk '0'; without it such numbers cannot be resolved.
 */
export function normalizePhone(input: string, accountCountry: string | null): PhoneResult {
  const r = normalizeNumberForm(input, accountCountry)
  if (!r.ok) return r
  const length = validatePhoneNumberLength(r.e164)
  if (length === 'INVALID_COUNTRY') return { ok: false, reason: 'UNKNOWN_CALLING_CODE' }
  if (length !== undefined) return { ok: false, reason: 'INVALID_LENGTH' }
  return r
}

/**
 * The form alone, without the length check of the numbering plan: for the addresses carriers
 * report and the inbound numbers the operator registers, where short codes (80888) are real.
 * A recipient goes through normalizePhone.
 */
export function normalizeNumberForm(input: string, accountCountry: string | null): PhoneResult {
  const compact = input.replace(SEPARATORS, '')
  if (compact === '') return { ok: false, reason: 'EMPTY' }
  if (/[^\d+]/.test(compact)) return { ok: false, reason: 'INVALID_CHARACTERS' }
  if (!/^\+?\d+$/.test(compact) || !STARTS_LIKE_A_NUMBER.test(input)) {
    return { ok: false, reason: 'INVALID_FORMAT' }
  }

  const e164 = toInternational(compact, accountCountry)
  // The regex caps the length at 16; the schema's minimum of 4 is stricter than the regex's 3.
  if (e164 === null || !E164.test(e164) || e164.length < MIN_LENGTH) {
    return { ok: false, reason: 'INVALID_FORMAT' }
  }
  return { ok: true, e164, iso2: destinationCountry(e164) }
}

function toInternational(compact: string, accountCountry: string | null): string | null {
  if (compact.startsWith('+')) return compact
  if (compact.startsWith('00')) return `+${compact.slice(2)}`
  if (compact.startsWith('0')) {
    const callingCode = callingCodeOf(accountCountry)
    if (callingCode === null) return null
    // The library knows trunk prefixes the plain rule gets wrong: Italy keeps its 0 (06… →
    // +3906…), Hungary's is 06. Numbers it cannot place fall back to the spec's rule.
    const national = parsePhoneNumberFromString(
      compact,
      accountCountry!.toUpperCase() as CountryCode,
    )
    if (national?.isValid()) return national.number
    return `+${callingCode}${compact.slice(1)}`
  }
  // Spec §5.2: a digit string without trunk '0' is read as international without '+'.
  return `+${compact}`
}

function callingCodeOf(country: string | null): string | null {
  const code = country?.toUpperCase()
  if (code === undefined || !isSupportedCountry(code)) return null
  return getCountryCallingCode(code)
}

/**
 * The library's answer when it can pin the country, else the calling code's main country. A
 * calling code of one country (+49, +33 …) names it without parsing: the library could answer
 * nothing else, and parsing was a tenth of the CPU of an accepted SMS.
 */
export function destinationCountry(e164: string): string | null {
  const prefix = callingCodePrefix(e164)
  const countries = prefix === null ? undefined : metadata.country_calling_codes[prefix]
  if (countries?.length === 1) return isoCountry(countries[0]!)
  return countryByParsing(e164)
}

/** The same answer through the library alone: for calling codes several countries share. */
export function countryByParsing(e164: string): string | null {
  const parsed = parsePhoneNumberFromString(e164)
  if (parsed?.country !== undefined) return parsed.country
  const callingCode = parsed?.countryCallingCode ?? callingCodePrefix(e164)
  if (callingCode === null) return null
  // The metadata lists the main country first (US for +1, RU for +7, GB for +44).
  const main = metadata.country_calling_codes[callingCode]?.[0]
  return main === undefined ? null : isoCountry(main)
}

/** Non-geographic codes (+800, +882, …) are listed as '001', which is not a country. */
function isoCountry(code: string): string | null {
  return /^[A-Z]{2}$/.test(code) ? code : null
}

// Calling codes are prefix-free and 1..3 digits long, so the first match is the only one.
function callingCodePrefix(e164: string): string | null {
  for (let length = 1; length <= 3; length++) {
    const candidate = e164.slice(1, 1 + length)
    if (metadata.country_calling_codes[candidate] !== undefined) return candidate
  }
  return null
}
