// The email-to-SMS recipient address (spec §20.1, §20.2, G-45): a dot-separated positional list
// `{user_id}.{api_key}.{phone|group_id}[.service_code[.sender_id[.text_source[.encoding[.max_sms_parts]]]]]`
// at the mail2sms domain (one SMS) or the email2bulk domain (a bulk to a group).

export type MailTarget = 'sms' | 'bulk'

/** 0: subject and body, 1: subject only, 2: body only. */
export type TextSource = 0 | 1 | 2

/** 0: GSM 03.38, 1: Unicode, 2: detected from the whole text. */
export type MailEncoding = 0 | 1 | 2

/** The address fields, named as the spec names them: the `field` of an error reply. */
export type AddressField =
  | 'user_id'
  | 'api_key'
  | 'phone'
  | 'group_id'
  | 'service_code'
  | 'sender_id'
  | 'text_source'
  | 'encoding'
  | 'max_sms_parts'
  | 'request'

export type MailAddress = {
  target: MailTarget
  userId: string
  apiKey: string
  /** E.164 without the `+` (sms) or the group id (bulk), digits only. */
  recipient: string
  serviceCode: string
  /** Which of the account's stored sender ids, 1..6. */
  senderSlot: number
  textSource: TextSource
  encoding: MailEncoding
  maxParts: number
}

/** The two mail domains, lower case. */
export type MailDomains = { sms: string; bulk: string }

export type AddressProblem = { field: AddressField; description: string }

/** Credentials are enough to authenticate at RCPT; the rest is checked after that. */
export type ParsedAddress =
  | { ok: true; address: MailAddress }
  | { ok: false; credentials: { userId: string; apiKey: string } | null; problem: AddressProblem }

/** Defaults and ranges of the optional fields (spec §20.2). */
export const MAIL_ADDRESS_DEFAULTS = {
  serviceCode: 'direct',
  senderSlot: 1,
  textSource: 0,
  encoding: 0,
  maxParts: 1,
} as const

export const MAIL_ADDRESS_RANGES = {
  sender_id: { min: 1, max: 6 },
  text_source: { min: 0, max: 2 },
  encoding: { min: 0, max: 2 },
  max_sms_parts: { min: 1, max: 10 },
} as const

/** The spec's table spells `direct` in German once; both mean the same service. */
const SERVICE_ALIASES: Readonly<Record<string, string>> = { direkt: 'direct' }

const MAX_FIELDS = 8

/**
 * Reads one recipient address. Matching is case-insensitive except for the key (G-45); an empty
 * optional field takes its default, so `….12345..2` picks sender 2 with the default service.
 */
export function parseMailAddress(raw: string, domains: MailDomains): ParsedAddress {
  const address = raw.trim().replace(/^<|>$/g, '')
  const at = address.lastIndexOf('@')
  const fail = (
    problem: AddressProblem,
    credentials: { userId: string; apiKey: string } | null = null,
  ): ParsedAddress => ({ ok: false, credentials, problem })
  if (at <= 0) return fail({ field: 'request', description: 'is not an email address' })
  const domain = address.slice(at + 1).toLowerCase()
  const target: MailTarget | null =
    domain === domains.sms ? 'sms' : domain === domains.bulk ? 'bulk' : null
  if (target === null) {
    return fail({ field: 'request', description: `the domain ${domain} is not served here` })
  }
  const fields = address.slice(0, at).split('.')
  const [userId = '', apiKey = ''] = fields
  if (!/^\d{1,10}$/.test(userId)) {
    return fail({ field: 'user_id', description: 'must be the numeric user id' })
  }
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(apiKey)) {
    return fail({ field: 'api_key', description: 'must be an API key of type email2sms' })
  }
  const credentials = { userId, apiKey }
  const recipientField: AddressField = target === 'sms' ? 'phone' : 'group_id'
  if (fields.length < 3) {
    return fail({ field: recipientField, description: 'is required' }, credentials)
  }
  if (fields.length > MAX_FIELDS) {
    const description = `has ${fields.length} fields; at most ${MAX_FIELDS} are allowed`
    return fail({ field: 'request', description }, credentials)
  }
  const value = (i: number): string | null => {
    const v = fields[i]?.toLowerCase() ?? ''
    return v === '' ? null : v
  }

  const recipient = value(2) ?? ''
  if (target === 'sms' && !/^\+?\d{1,15}$/.test(recipient)) {
    const description = 'must be a number in international form without the leading +'
    return fail({ field: 'phone', description }, credentials)
  }
  if (target === 'bulk' && !/^\d{1,18}$/.test(recipient)) {
    return fail({ field: 'group_id', description: 'must be a group id' }, credentials)
  }

  const service = value(3) ?? MAIL_ADDRESS_DEFAULTS.serviceCode
  if (!/^[a-z0-9]{1,32}$/.test(service)) {
    return fail({ field: 'service_code', description: 'must be a service code' }, credentials)
  }
  const numbers = {
    sender_id: MAIL_ADDRESS_DEFAULTS.senderSlot as number,
    text_source: MAIL_ADDRESS_DEFAULTS.textSource as number,
    encoding: MAIL_ADDRESS_DEFAULTS.encoding as number,
    max_sms_parts: MAIL_ADDRESS_DEFAULTS.maxParts as number,
  }
  const order = ['sender_id', 'text_source', 'encoding', 'max_sms_parts'] as const
  for (const [i, field] of order.entries()) {
    const v = value(4 + i)
    if (v === null) continue
    const { min, max } = MAIL_ADDRESS_RANGES[field]
    const n = /^\d{1,3}$/.test(v) ? Number(v) : Number.NaN
    if (!(n >= min && n <= max)) {
      return fail(
        { field, description: `must be a whole number from ${min} to ${max}` },
        credentials,
      )
    }
    numbers[field] = n
  }
  return {
    ok: true,
    address: {
      target,
      userId,
      apiKey,
      recipient: recipient.replace(/^\+/, ''),
      serviceCode: SERVICE_ALIASES[service] ?? service,
      senderSlot: numbers.sender_id,
      textSource: numbers.text_source as TextSource,
      encoding: numbers.encoding as MailEncoding,
      maxParts: numbers.max_sms_parts,
    },
  }
}
