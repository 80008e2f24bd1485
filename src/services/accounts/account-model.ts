import { isServiceCode, type ServiceCode } from '../../domain/message/service-code.js'
import { fromMicro } from '../../domain/pricing/money.js'
import { isVoiceLang, type VoiceLang } from '../../domain/voice/voice-lang.js'
import type { AccountRow } from '../../store/tables/account.table.js'

export type BillingMode = 'prepaid' | 'postpaid'

export type Account = {
  id: number
  name: string
  country: string | null
  currency: string
  billingMode: BillingMode
  balanceMicro: number
  creditLimitMicro: number
  isTextDeleted: boolean
  services: ServiceCode[]
  status: 'active' | 'blocked'
  balanceChangedAt: number
  createdAt: number
  pushUrl: string | null
  /** Language of text2speech messages sent without one; null: by the destination's prefix. */
  voiceLang: VoiceLang | null
}

export function accountFromRow(r: AccountRow): Account {
  const services = (JSON.parse(r.services) as string[]).filter(isServiceCode)
  return {
    id: Number(r.id),
    name: r.name,
    country: r.country,
    currency: r.currency,
    billingMode: r.billing_mode,
    balanceMicro: Number(r.balance_micro),
    creditLimitMicro: Number(r.credit_limit_micro),
    isTextDeleted: r.is_text_deleted === 1,
    services,
    status: r.status,
    balanceChangedAt: Number(r.balance_changed_at),
    createdAt: Number(r.created_at),
    pushUrl: r.push_url ?? null,
    voiceLang: r.voice_lang !== null && isVoiceLang(r.voice_lang) ? r.voice_lang : null,
  }
}

/** What the account may still spend: the balance, plus the credit line of a postpaid account. */
export function availableMicro(a: Account): number {
  return a.balanceMicro + a.creditLimitMicro
}

/** How operators see an account (operator API and CLI): snake_case, amounts as decimals. */
export function accountJson(a: Account) {
  return {
    id: a.id,
    name: a.name,
    country: a.country,
    currency: a.currency,
    billing_mode: a.billingMode,
    balance: fromMicro(a.balanceMicro),
    credit_limit: fromMicro(a.creditLimitMicro),
    is_text_deleted: a.isTextDeleted,
    services: a.services,
    status: a.status,
    balance_changed_at: a.balanceChangedAt,
    created_at: a.createdAt,
    push_url: a.pushUrl,
    voice_lang: a.voiceLang,
  }
}
