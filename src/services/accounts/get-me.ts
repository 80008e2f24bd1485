import { unixSeconds } from '../../shared/clock.js'
import { SERVICE_CODES } from '../../domain/message/service-code.js'
import type { ServiceDeps } from '../deps.js'
import { availableMicro, type Account, type BillingMode } from './account-model.js'
import { getAccount } from './manage-accounts.js'
import { groupNamesOfAccount } from '../../store/repositories/group.repository.js'

export type Me = {
  id: number
  currency: string
  balance_changed_at: number
  is_text_deleted: boolean
  /** Prepaid: the balance. Postpaid: what is left of the credit line (decisions.md, G-46). */
  balance_micro: number
  billing_mode: BillingMode
  credit_limit_micro: number
  services: { service_code: string; is_active: boolean }[]
  groups: Record<string, string>
}

/** GET /me: always read fresh, so the balance is the one in the store right now. */
export async function getMe(
  deps: Pick<ServiceDeps, 'db' | 'clock'>,
  accountId: number,
): Promise<Me> {
  const a: Account = await getAccount(deps, accountId)
  // The account's live groups as id → name (spec G-25's recommendation, decisions.md).
  const groups: Record<string, string> = {}
  for (const g of await groupNamesOfAccount(deps.db, a.id, unixSeconds(deps.clock))) {
    groups[String(g.id)] = g.name
  }
  return {
    id: a.id,
    currency: a.currency,
    balance_changed_at: a.balanceChangedAt,
    is_text_deleted: a.isTextDeleted,
    balance_micro: a.billingMode === 'prepaid' ? a.balanceMicro : availableMicro(a),
    billing_mode: a.billingMode,
    credit_limit_micro: a.creditLimitMicro,
    services: SERVICE_CODES.map((s) => ({ service_code: s, is_active: a.services.includes(s) })),
    groups,
  }
}
