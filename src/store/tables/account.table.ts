import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

/** Booleans are 0/1 integers in both dialects so that the code above the store is identical. */
export type AccountTable = {
  id: number // the customer's user id, as in X-LOX24-AUTH-TOKEN
  name: string
  country: string | null // ISO2, resolves national phone numbers
  currency: string
  billing_mode: 'prepaid' | 'postpaid'
  balance_micro: number // 1/1,000,000 of the currency; may go negative on postpaid accounts
  credit_limit_micro: number
  is_text_deleted: number
  services: string // JSON array of enabled service codes
  status: 'active' | 'blocked'
  balance_changed_at: number
  created_at: number
  push_url: string | null // legacy push endpoint (URL or email) of all push services
  voice_lang: string | null // default language of text2speech messages; null = by prefix
}

export type ApiKeyTable = {
  id: Generated<number>
  account_id: number
  name: string
  type: 'v2' | 'kannel' | 'email2sms' | 'seven' | 'smpp' | 'pushwoosh'
  token_hash: string // sha256 of the token; the token itself is shown once at creation
  token_hint: string // first characters, so an operator can tell keys apart
  is_active: number
  ip_allowlist: string | null // JSON array of addresses and CIDRs
  last_used_at: number | null
  last_used_ip: string | null
  created_at: number
  endpoints: string | null // JSON array of seven.io endpoints the key may call; null = all
  signing_secret: string | null // seven.io request signing; kept readable, the HMAC needs it
}

export type PriceTable = {
  account_id: number // 0 = the operator's default list
  service_code: string // '*' = any
  iso2: string // '*' = any
  price_micro: number
}

export type AccountRow = Selectable<AccountTable>
export type NewAccountRow = Insertable<AccountTable>
export type AccountUpdate = Updateable<AccountTable>
export type ApiKeyRow = Selectable<ApiKeyTable>
export type PriceRow = Selectable<PriceTable>
