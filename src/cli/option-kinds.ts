import { readFileSync } from 'node:fs'
import { isSupportedCountry } from 'libphonenumber-js'
import { isAddressOrCidr } from '../config/address-list.js'
import { AccountId } from '../services/accounts/account.schemas.js'
import { ConnectorIdPattern } from '../services/connectors/connector.schemas.js'

/**
 * What an option takes: the placeholder in usage lines, the allowed values in words (for --help
 * and for the error naming the option), an example, and the reading of the text given.
 */
export type Kind<T> = {
  placeholder: string
  allowed: string
  example: string
  /** The value, or undefined when the text is not allowed, or a Refusal saying why. */
  parse: (text: string) => T | undefined | Refusal
}

/** A refusal with a reason more precise than the kind's `allowed`. */
export class Refusal {
  constructor(readonly why: string) {}
}

function wholeNumber(placeholder: string, min: number, max: number, example: string): Kind<number> {
  return {
    placeholder,
    allowed: `a whole number from ${min} to ${max}`,
    example,
    parse: (t) => {
      if (!/^\d{1,16}$/.test(t)) return undefined
      const n = Number(t)
      return n >= min && n <= max ? n : undefined
    },
  }
}

/** A user id, within the bounds the admin API keeps. */
export const accountId = wholeNumber('USER_ID', AccountId.minimum!, AccountId.maximum!, '1234567')

/** A row id of the store (key, route, number). */
export const rowId = (placeholder: string): Kind<number> =>
  wholeNumber(placeholder, 1, Number.MAX_SAFE_INTEGER, '12')

export const port = (placeholder = 'PORT'): Kind<number> =>
  wholeNumber(placeholder, 0, 65535, '2775')

export const count = wholeNumber

const AMOUNT = /^\d+(\.\d{1,6})?$/
const SIGNED_AMOUNT = /^-?\d+(\.\d{1,6})?$/

export const amount: Kind<string> = {
  placeholder: 'AMOUNT',
  allowed: 'a decimal amount of at least 0, at most 6 fraction digits',
  example: '10.00',
  parse: (t) => (AMOUNT.test(t) ? t : undefined),
}

export const signedAmount: Kind<string> = {
  placeholder: 'AMOUNT',
  allowed: 'a decimal amount, at most 6 fraction digits, negative to take money',
  example: '25.00',
  parse: (t) => (SIGNED_AMOUNT.test(t) && Number(t) !== 0 ? t : undefined),
}

/** Countries libphonenumber knows, so that national numbers of the account can be read. */
export const country: Kind<string> = {
  placeholder: 'CC',
  allowed: 'a two-letter country code (ISO 3166-1 alpha-2) with a known numbering plan',
  example: 'DE',
  parse: (t) => {
    const cc = t.toUpperCase()
    return /^[A-Z]{2}$/.test(cc) && isSupportedCountry(cc) ? cc : undefined
  },
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))

export const currency: Kind<string> = {
  placeholder: 'CUR',
  allowed: 'a three-letter currency code (ISO 4217)',
  example: 'EUR',
  parse: (t) => (CURRENCIES.has(t.toUpperCase()) ? t.toUpperCase() : undefined),
}

export function text(placeholder: string, maxLength: number, example: string): Kind<string> {
  return {
    placeholder,
    allowed: `text of 1 to ${maxLength} characters`,
    example,
    parse: (t) => (t.trim().length > 0 && t.length <= maxLength ? t : undefined),
  }
}

export function oneOf<const T extends string>(values: readonly T[], placeholder?: string): Kind<T> {
  return {
    placeholder: placeholder ?? values.join('|'),
    allowed: `one of ${values.join(', ')}`,
    example: values[0]!,
    parse: (t) => ((values as readonly string[]).includes(t) ? (t as T) : undefined),
  }
}

const CONNECTOR_ID = new RegExp(ConnectorIdPattern)

export const connectorId: Kind<string> = {
  placeholder: 'ID',
  allowed:
    'a connector id: lower-case letters, digits, - and _, at most 63, starting with a letter or digit',
  example: 'carrier-a',
  parse: (t) => (CONNECTOR_ID.test(t) ? t : undefined),
}

export const connectorIds: Kind<string[]> = {
  placeholder: 'ID[,ID…]',
  allowed: 'one to 20 connector ids, separated by commas',
  example: 'carrier-a,carrier-b',
  parse: (t) => {
    const ids = t.split(',').map((s) => s.trim())
    return ids.length <= 20 && ids.every((id) => CONNECTOR_ID.test(id)) ? ids : undefined
  },
}

export const phoneNumber: Kind<string> = {
  placeholder: 'E164',
  allowed: 'a phone number in international form (+ or 00 and the country code)',
  example: '+4915790000077',
  parse: (t) => (/^(\+|00)?[1-9][\d ]{2,19}$/.test(t.trim()) ? t.trim() : undefined),
}

export const prefix: Kind<string> = {
  placeholder: 'PREFIX',
  allowed: 'the leading digits of numbers, 1 to 15, with or without +',
  example: '+4917',
  parse: (t) => (/^\+?\d{1,15}$/.test(t) ? t : undefined),
}

/** A push endpoint; `none` takes it away. */
export const endpoint: Kind<string | null> = {
  placeholder: 'URL|EMAIL|none',
  allowed: 'an http(s) URL, an email address, or none',
  example: 'https://example.com/push',
  parse: (t) => (t === 'none' ? null : t.length >= 3 && t.length <= 2048 ? t : undefined),
}

export const cidrList: Kind<string[]> = {
  placeholder: 'CIDR[,CIDR…]',
  allowed: 'IP addresses or CIDR ranges, separated by commas',
  example: '203.0.113.0/24',
  parse: (t) => {
    const entries = t.split(',').map((s) => s.trim())
    return entries.every(isAddressOrCidr) ? entries : undefined
  },
}

export const jsonObject: Kind<Record<string, unknown>> = {
  placeholder: 'JSON',
  allowed: 'a JSON object',
  example: `'{"host":"smsc.example.com","port":2775}'`,
  parse: (t) => asObject(t),
}

/** A file holding a JSON object, read when the option is parsed. */
export const jsonFile: Kind<Record<string, unknown>> = {
  placeholder: 'FILE',
  allowed: 'a readable file holding a JSON object',
  example: 'carrier-a.json',
  parse: (t) => {
    let content: string
    try {
      content = readFileSync(t, 'utf8')
    } catch (err) {
      return unreadable(err)
    }
    return asObject(content)
  },
}

/** A readable file, read when the option is parsed (TLS keys and certificates). */
export const file: Kind<Buffer> = {
  placeholder: 'FILE',
  allowed: 'a readable file',
  example: 'cert.pem',
  parse: (t) => {
    try {
      return readFileSync(t)
    } catch (err) {
      return unreadable(err)
    }
  },
}

export const host: Kind<string> = {
  placeholder: 'HOST',
  allowed: 'a host name or IP address',
  example: '127.0.0.1',
  parse: (t) => (/^[\w.:%-]+$/.test(t) ? t : undefined),
}

function unreadable(err: unknown): Refusal {
  return new Refusal(`cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`)
}

function asObject(text: string): Record<string, unknown> | Refusal {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    return new Refusal(`it is not valid JSON (${(err as Error).message})`)
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : new Refusal('it is JSON but not an object')
}

/** A kind defined by a parser that throws with its reason (the simulator's receipt mix). */
export function parsedBy<T>(
  placeholder: string,
  allowed: string,
  example: string,
  read: (t: string) => T,
): Kind<T> {
  return {
    placeholder,
    allowed,
    example,
    parse: (t) => {
      try {
        return read(t)
      } catch (err) {
        return new Refusal((err as Error).message)
      }
    },
  }
}
